import type { HostRole } from '../model/hosts.js';
import type { DesiredResource, ResourceInstance } from '../model/resource.js';
import type { ManagedEntry } from '../model/state-record.js';
import type { PlanInput } from './observed.js';
import { ResourceIndex } from './resource-index.js';

/** Indexes built once per plan so every lookup below is O(1), keyed by (host, type, id). */
export interface PlanContext {
  mode: PlanInput['mode'];
  drainTimeouts: PlanInput['drainTimeouts'];
  role(host: string): HostRole;
  exclusive(host: string): boolean;
  observed: ResourceIndex<ResourceInstance>;
  recorded: ResourceIndex<ManagedEntry>;
  /** Desired resources that planning must reach: empty in destroy mode. */
  desired: ResourceIndex<DesiredResource>;
  /** Every desired resource, used only to name objects (destroy keeps config addresses). */
  named: ResourceIndex<DesiredResource>;
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
  const observed = new ResourceIndex<ResourceInstance>();
  const recorded = new ResourceIndex<ManagedEntry>();
  const originals = new Map<string, Record<string, string>>();
  const hostsWithRecord = new Set<string>();
  for (const oh of input.observed) {
    for (const r of oh.resources) {
      observed.set(oh.host, r.type, r.id, r.host === oh.host ? r : { ...r, host: oh.host });
      if (r.type !== 'address' && r.type !== 'sysctl') ipvsHosts.add(oh.host);
    }
    if (oh.stateRecord) {
      hostsWithRecord.add(oh.host);
      originals.set(oh.host, oh.stateRecord.originalSysctls ?? {});
      for (const m of oh.stateRecord.managed) {
        recorded.set(oh.host, m.type, m.id, m);
        if (m.type !== 'address' && m.type !== 'sysctl') ipvsHosts.add(oh.host);
      }
    }
  }
  const realserverAt = new Map<string, string>();
  for (const h of input.hosts) {
    if (h.role === 'realserver' && h.connection.type === 'ssh') realserverAt.set(h.connection.host, h.name);
  }
  for (const r of observed.values()) {
    if (r.type !== 'address' || roles.get(r.host) !== 'realserver') continue;
    const iface = r.attrs.interface;
    if (iface !== 'lo' && iface !== 'tunl0' && iface !== 'ip6tnl0' && !realserverAt.has(r.attrs.address)) realserverAt.set(r.attrs.address, r.host);
  }
  const named = new ResourceIndex<DesiredResource>();
  for (const d of input.desired) {
    named.set(d.host, d.type, d.id, d);
    if (d.type !== 'address' && d.type !== 'sysctl') ipvsHosts.add(d.host);
  }
  const desired = input.mode === 'apply' ? named : new ResourceIndex<DesiredResource>();
  return {
    mode: input.mode,
    drainTimeouts: input.drainTimeouts,
    role: (host) => roles.get(host) ?? (ipvsHosts.has(host) ? 'director' : 'realserver'),
    exclusive: (host) => exclusive.get(host) ?? false,
    observed,
    recorded,
    desired,
    named,
    originals,
    hostsWithRecord,
    realserverAt,
  };
}
