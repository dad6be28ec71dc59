import type { HostRole } from '../model/hosts.js';
import type { DesiredResource, ResourceInstance, ResourceType } from '../model/resource.js';
import type { ManagedEntry } from '../model/state-record.js';
import type { PlanInput } from './observed.js';
import { ResourceIndex, type Joined } from './resource-index.js';

/** The types whose objects are looked up by id (a destination is found by its service, address and port: ResourceIndex.destination). */
type ByIdType = Exclude<ResourceType, 'ipvs_destination'>;

/** Indexes built once per plan so every lookup below is O(1), keyed by (host, type, id). */
export interface PlanContext {
  mode: PlanInput['mode'];
  drainTimeouts: PlanInput['drainTimeouts'];
  role(host: string): HostRole;
  exclusive(host: string): boolean;
  /** Every object configured, observed or recorded. */
  index: ResourceIndex;
  /** The entries of the desired resources that planning must reach, in configuration order: empty in destroy mode. */
  desired: readonly Joined[];
  /** The entries of every desired resource, in configuration order, used only to name objects (destroy keeps config addresses). */
  named: readonly Joined[];
  /** Each observed host's entries, in the order of its resources (parallel to input.observed[i].resources). */
  observedEntries: readonly (readonly Joined[])[];
  /** The desired resource of an entry that planning must reach: none in destroy mode. */
  planned(e: Joined): DesiredResource | undefined;
  /** The desired resource planning must reach at (host, type, id): none in destroy mode. */
  desiredAt(host: string, type: ByIdType, id: string): DesiredResource | undefined;
  observedAt(host: string, type: ByIdType, id: string): ResourceInstance | undefined;
  recordedAt(host: string, type: ByIdType, id: string): ManagedEntry | undefined;
  namedAt(host: string, type: ByIdType, id: string): DesiredResource | undefined;
  originals: Map<string, Record<string, string>>;
  /** Hosts whose record exists (drift is only meaningful with a record). */
  hostsWithRecord: Set<string>;
  /** The real server that owns an address: its ssh host, or an address seen on it outside lo and tunnels. */
  realserverAt: Map<string, string>;
}

export function buildContext(input: PlanInput): PlanContext {
  const roles = new Map<string, HostRole>();
  const exclusive = new Map<string, boolean>();
  for (const h of input.hosts) {
    roles.set(h.name, h.role);
    exclusive.set(h.name, h.role === 'director' && h.exclusive);
  }
  const ipvsHosts = new Set<string>();
  const index = new ResourceIndex();
  const observedEntries: Joined[][] = [];
  const originals = new Map<string, Record<string, string>>();
  const hostsWithRecord = new Set<string>();
  const realserverAt = new Map<string, string>();
  for (const h of input.hosts) {
    if (h.role === 'realserver' && h.connection.type === 'ssh') realserverAt.set(h.connection.host, h.name);
  }
  // Addresses read on real servers, in the order read: the first outside lo and tunnels owns the address.
  const onRealservers: Joined[] = [];
  for (const oh of input.observed) {
    const entries: Joined[] = [];
    let ipvs = false;
    // Indexed, not for-of (here and below): a loop run once over 110,000 objects runs mostly uncompiled, where for-of costs more.
    for (let i = 0; i < oh.resources.length; i++) {
      const r = oh.resources[i]!;
      const e = index.entry(oh.host, r);
      e.observed = r.host === oh.host ? r : { ...r, host: oh.host };
      entries.push(e);
      if (r.type !== 'address' && r.type !== 'sysctl') ipvs = true;
      else if (r.type === 'address' && roles.get(oh.host) === 'realserver') onRealservers.push(e);
    }
    if (ipvs) ipvsHosts.add(oh.host);
    observedEntries.push(entries);
    if (oh.stateRecord) {
      hostsWithRecord.add(oh.host);
      originals.set(oh.host, oh.stateRecord.originalSysctls ?? {});
      for (const m of oh.stateRecord.managed) {
        index.entry(oh.host, m).recorded = m;
        if (m.type !== 'address' && m.type !== 'sysctl') ipvsHosts.add(oh.host);
      }
    }
  }
  for (const e of onRealservers) {
    const r = e.observed!;
    if (r.type !== 'address') continue;
    const iface = r.attrs.interface;
    if (iface !== 'lo' && iface !== 'tunl0' && iface !== 'ip6tnl0' && !realserverAt.has(r.attrs.address)) realserverAt.set(r.attrs.address, r.host);
  }
  const named: Joined[] = [];
  // The host added to ipvsHosts last: a director's resources come together.
  let ipvsHost: string | null = null;
  for (let i = 0; i < input.desired.length; i++) {
    const d = input.desired[i]!;
    const e = index.entry(d.host, d);
    if (e.named === undefined) named.push(e);
    e.named = d;
    if (d.type !== 'address' && d.type !== 'sysctl' && d.host !== ipvsHost) ipvsHosts.add((ipvsHost = d.host));
  }
  const reach = input.mode === 'apply';
  return {
    mode: input.mode,
    drainTimeouts: input.drainTimeouts,
    role: (host) => roles.get(host) ?? (ipvsHosts.has(host) ? 'director' : 'realserver'),
    exclusive: (host) => exclusive.get(host) ?? false,
    index,
    desired: reach ? named : [],
    named,
    observedEntries,
    planned: (e) => (reach ? e.named : undefined),
    desiredAt: (host, type, id) => {
      const e = index.get(host, type, id);
      return e && reach ? e.named : undefined;
    },
    observedAt: (host, type, id) => index.get(host, type, id)?.observed,
    recordedAt: (host, type, id) => index.get(host, type, id)?.recorded,
    namedAt: (host, type, id) => index.get(host, type, id)?.named,
    originals,
    hostsWithRecord,
    realserverAt,
  };
}
