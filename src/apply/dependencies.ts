import type { HostSpec } from '../model/hosts.js';
import type { ResourceInstance } from '../model/resource.js';
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
  /** Latest read of each host: a real server is also recognised by its own addresses. */
  observed?: ReadonlyMap<string, readonly ResourceInstance[]>;
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
    const rs = realserverOf(v, change);
    const why = rs === null ? undefined : v.broken.get(rs);
    if (rs !== null && why !== undefined) return `real server ${rs} was not prepared (${why})`;
  }
  const role = v.hosts.get(change.host)?.role;
  if (change.type === 'address' && role === 'director' && change.action !== 'delete') return vipBlocked(v, change);
  if (role === 'realserver' && change.phase === PHASES.removeRealServerPrep) return backendStillPresent(v, change.host);
  return null;
}

/**
 * The real server a destination points at: the backend label, else a realserver whose ssh host is
 * the address, else one that was seen holding the address.
 */
export function realserverOf(v: Pick<DependencyView, 'hosts' | 'observed'>, change: ResourceChange): string | null {
  const label = /\.backend\["((?:[^"\\]|\\.)*)"\]$/.exec(change.address)?.[1];
  if (label !== undefined) {
    const name = JSON.parse(`"${label}"`) as string;
    if (v.hosts.get(name)?.role === 'realserver') return name;
  }
  const address = (change.after ?? change.before)?.address;
  for (const h of v.hosts.values()) {
    if (h.role === 'realserver' && h.connection.type === 'ssh' && h.connection.host === address) return h.name;
  }
  for (const h of v.hosts.values()) {
    const seen = h.role === 'realserver' ? v.observed?.get(h.name) : undefined;
    if (seen?.some((r) => r.type === 'address' && r.attrs.address === address && r.attrs.interface !== 'lo')) return h.name;
  }
  return null;
}

function vipBlocked(v: DependencyView, change: ResourceChange): string | null {
  const vip = change.after?.address;
  const services = new Set(
    v.plan.changes
      .filter((c) => c.host === change.host && c.type === 'ipvs_service' && (c.after ?? c.before)?.address === vip)
      .map((c) => c.id),
  );
  const backends = v.plan.changes.filter(
    (c) => c.host === change.host && c.type === 'ipvs_destination' && c.action !== 'delete' && c.action !== 'no-op' && services.has(String(c.after?.service)),
  );
  if (backends.length === 0) return null;
  if (backends.some((c) => v.outcomes.get(c)?.status === 'applied')) return null;
  return `no backend of ${[...services].join(', ')} could be configured`;
}

function backendStillPresent(v: DependencyView, host: string): string | null {
  for (const c of v.plan.changes) {
    if (c.type !== 'ipvs_destination' || c.action !== 'delete') continue;
    if (realserverOf(v, c) !== host) continue;
    if (v.outcomes.get(c)?.status !== 'applied') return `${c.address} on ${c.host} still points at ${host}`;
  }
  return null;
}
