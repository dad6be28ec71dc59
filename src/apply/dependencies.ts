import type { HostSpec } from '../model/hosts.js';
import { PHASES } from '../plan/ordering.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import type { ChangeOutcome } from './result.js';

/** What the dependency rules need to know about the run so far. */
export interface DependencyView {
  plan: Plan;
  hosts: ReadonlyMap<string, HostSpec>;
  /** host -> why it is out of the run (an earlier change there failed, or it could not be read) */
  broken: ReadonlyMap<string, string>;
  outcomes: ReadonlyMap<ResourceChange, ChangeOutcome>;
}

/**
 * Why `change` must not be attempted, or null. Rules:
 *  - nothing more runs on a host where something already failed;
 *  - a destination is not added or edited when its real server's preparation failed;
 *  - a director VIP is not bound when no backend of its services could be configured;
 *  - a real server's VIP and ARP sysctls stay while a destination pointing at it remains.
 */
export function blockedBy(v: DependencyView, change: ResourceChange): string | null {
  const own = v.broken.get(change.host);
  if (own !== undefined) return `an earlier change on ${change.host} failed (${own})`;
  if (change.type === 'ipvs_destination' && change.action !== 'delete') {
    const rs = change.realserver;
    const why = rs === undefined ? undefined : v.broken.get(rs);
    if (rs !== undefined && why !== undefined) return `real server ${rs} was not prepared (${why})`;
  }
  const role = v.hosts.get(change.host)?.role;
  if (change.type === 'address' && role === 'director' && change.action !== 'delete') return vipBlocked(v, change);
  if (role === 'realserver' && change.phase === PHASES.removeRealServerPrep) return backendStillPresent(v, change.host);
  return null;
}

function cached<K extends object, V>(cache: WeakMap<K, V>, key: K, build: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

/** The plan's IPVS changes by director, for the VIP rule: services by VIP, live destinations by service. */
interface IpvsIndex {
  servicesByVip: Map<string, Set<string>>;
  destinationsByService: Map<string, ResourceChange[]>;
}
const ipvsIndexes = new WeakMap<readonly ResourceChange[], IpvsIndex>();

function ipvsIndex(changes: readonly ResourceChange[]): IpvsIndex {
  return cached(ipvsIndexes, changes, () => {
    const index: IpvsIndex = { servicesByVip: new Map(), destinationsByService: new Map() };
    for (const c of changes) {
      if (c.type === 'ipvs_service') {
        const key = `${c.host}\u0000${String((c.after ?? c.before)?.address)}`;
        index.servicesByVip.set(key, (index.servicesByVip.get(key) ?? new Set()).add(c.id));
      } else if (c.type === 'ipvs_destination' && c.action !== 'delete' && c.action !== 'no-op') {
        const key = `${c.host}\u0000${String(c.after?.service)}`;
        const list = index.destinationsByService.get(key);
        if (list) list.push(c);
        else index.destinationsByService.set(key, [c]);
      }
    }
    return index;
  });
}

function vipBlocked(v: DependencyView, change: ResourceChange): string | null {
  const index = ipvsIndex(v.plan.changes);
  const services = index.servicesByVip.get(`${change.host}\u0000${String(change.after?.address)}`) ?? new Set<string>();
  const backends = [...services].flatMap((id) => index.destinationsByService.get(`${change.host}\u0000${id}`) ?? []);
  if (backends.length === 0) return null;
  if (backends.some((c) => v.outcomes.get(c)?.status === 'applied')) return null;
  return `no backend of ${[...services].join(', ')} could be configured`;
}

const deletionsByRealserver = new WeakMap<readonly ResourceChange[], Map<string, ResourceChange[]>>();

function backendStillPresent(v: DependencyView, host: string): string | null {
  // Built when the first real server's removal is checked: the destination deletions ran before.
  const deletions = cached(deletionsByRealserver, v.plan.changes, () => {
    const index = new Map<string, ResourceChange[]>();
    for (const c of v.plan.changes) {
      if (c.type !== 'ipvs_destination' || c.action !== 'delete') continue;
      const rs = c.realserver;
      if (rs === undefined) continue;
      const list = index.get(rs);
      if (list) list.push(c);
      else index.set(rs, [c]);
    }
    return index;
  });
  for (const c of deletions.get(host) ?? []) {
    if (v.outcomes.get(c)?.status !== 'applied') return `${c.address} on ${c.host} still points at ${host}`;
  }
  return null;
}
