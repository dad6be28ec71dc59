import { splitDestinationId } from '../model/identity.js';
import { keyOf, resourceKey, type DesiredResource, type ResourceKey } from '../model/resource.js';
import type { PlanContext } from './plan-context.js';
import type { ResourceChange } from './types.js';

/** `virtual_server.web` selects itself and everything below it (`.backend["x"]`, `["k"]`). */
export function addressMatches(address: string, target: string): boolean {
  if (address === target) return true;
  if (!address.startsWith(target)) return false;
  const next = address.charAt(target.length);
  return next === '.' || next === '[';
}

const BACKEND_LABEL = /\.backend\["((?:[^"\\]|\\.)*)"\]$/;

/**
 * Keeps the changes selected by -target plus what they depend on: a destination needs its service and
 * its real server's preparation (sysctls, and the service VIP on lo/tunl0); a service needs the
 * preparation of the real servers behind its desired destinations.
 */
export function filterTargets(
  ctx: PlanContext,
  changes: ResourceChange[],
  desired: readonly DesiredResource[],
  targets: readonly string[],
): ResourceChange[] {
  
  const byHost = new Map<string, ResourceChange[]>();
  const byKey = new Map<ResourceKey, ResourceChange>();
  for (const c of changes) {
    byKey.set(keyOf(c), c);
    const list = byHost.get(c.host);
    if (list) list.push(c);
    else byHost.set(c.host, [c]);
  }
  const destsOfService = new Map<ResourceKey, DesiredResource[]>();
  for (const d of desired) {
    if (d.type !== 'ipvs_destination') continue;
    const sk = resourceKey(d.host, 'ipvs_service', d.attrs.service);
    const list = destsOfService.get(sk);
    if (list) list.push(d);
    else destsOfService.set(sk, [d]);
  }

  const keep = new Set<ResourceChange>();
  const prepared = new Set<string>();
  const addPrep = (destAddress: string, vip: unknown) => {
    const label = BACKEND_LABEL.exec(destAddress)?.[1];
    if (label === undefined) return;
    const rsHost = JSON.parse(`"${label}"`) as string;
    if (ctx.role(rsHost) !== 'realserver' || prepared.has(`${rsHost}\u0000${String(vip)}`)) return;
    prepared.add(`${rsHost}\u0000${String(vip)}`);
    for (const c of byHost.get(rsHost) ?? []) {
      const attrs = c.after ?? c.before;
      if (c.type === 'sysctl' || (c.type === 'address' && (vip === null || attrs?.address === vip))) keep.add(c);
    }
  };
  const serviceVip = (host: string, svcId: string) => {
    const key = resourceKey(host, 'ipvs_service', svcId);
    const svc = ctx.named.get(key) ?? ctx.observed.get(key);
    return svc?.type === 'ipvs_service' ? svc.attrs.address : null;
  };

  for (const c of changes) {
    if (!targets.some((t) => addressMatches(c.address, t))) continue;
    keep.add(c);
    if (c.type === 'ipvs_destination') {
      const svcId = splitDestinationId(c.id).serviceId;
      const svc = byKey.get(resourceKey(c.host, 'ipvs_service', svcId));
      if (svc) keep.add(svc);
      addPrep(c.address, serviceVip(c.host, svcId));
    } else if (c.type === 'ipvs_service') {
      const vip = serviceVip(c.host, c.id);
      for (const d of destsOfService.get(keyOf(c)) ?? []) addPrep(d.address, vip);
    }
  }
  return changes.filter((c) => keep.has(c));
}
