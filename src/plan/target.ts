import { splitDestinationId } from '../model/identity.js';
import type { HostSpec } from '../model/hosts.js';
import { keyOf, resourceKey, type DesiredResource, type ResourceKey } from '../model/resource.js';
import { suggest } from '../hcl/suggest.js';
import { PHASES } from './ordering.js';
import type { PlanContext } from './plan-context.js';
import type { ResourceChange } from './types.js';

/** `virtual_server.web` selects itself and everything below it (`.backend["x"]`, `["k"]`). */
export function addressMatches(address: string, target: string): boolean {
  if (address === target) return true;
  if (!address.startsWith(target)) return false;
  const next = address.charAt(target.length);
  return next === '.' || next === '[';
}

export interface UnmatchedTarget {
  target: string;
  /** ' Did you mean "..."?' naming the nearest address that does select something, or '' when none is close. */
  didYouMean: string;
}

export interface TargetSelection {
  changes: ResourceChange[];
  unmatched: UnmatchedTarget[];
}

/**
 * Keeps the changes selected by -target plus what they depend on: a destination needs its service and
 * its real server's preparation (sysctls, and the service VIP on lo/tunl0); a service needs the
 * preparation of the real servers behind its desired destinations. The real server is the one the
 * destination carries (`realserver`), never guessed from its address. A target that selects no
 * resource, configured or found on a host, is reported with the nearest address that does.
 */
export function selectTargets(
  ctx: PlanContext,
  changes: ResourceChange[],
  hosts: readonly HostSpec[],
  targets: readonly string[],
): TargetSelection {
  const byHost = new Map<string, ResourceChange[]>();
  const byKey = new Map<ResourceKey, ResourceChange>();
  for (const c of changes) {
    byKey.set(keyOf(c), c);
    const list = byHost.get(c.host);
    if (list) list.push(c);
    else byHost.set(c.host, [c]);
  }
  const destsOfService = new Map<ResourceKey, DesiredResource[]>();
  for (const e of ctx.named) {
    const d = e.named!;
    if (d.type !== 'ipvs_destination') continue;
    const sk = resourceKey(d.host, 'ipvs_service', d.attrs.service);
    const list = destsOfService.get(sk);
    if (list) list.push(d);
    else destsOfService.set(sk, [d]);
  }

  const keep = new Set<ResourceChange>();
  const prepared = new Set<string>();
  const addPrep = (rsHost: string | undefined, vip: unknown) => {
    if (rsHost === undefined || prepared.has(`${rsHost}\u0000${String(vip)}`)) return;
    prepared.add(`${rsHost}\u0000${String(vip)}`);
    for (const c of byHost.get(rsHost) ?? []) {
      if (c.phase !== PHASES.prepare) continue;
      const attrs = c.after ?? c.before;
      if (c.type === 'sysctl' || (c.type === 'address' && (vip === null || attrs?.address === vip))) keep.add(c);
    }
  };
  const serviceVip = (host: string, svcId: string) => {
    const svc = ctx.namedAt(host, 'ipvs_service', svcId) ?? ctx.observedAt(host, 'ipvs_service', svcId);
    return svc?.type === 'ipvs_service' ? svc.attrs.address : null;
  };

  for (const c of changes) {
    if (!targets.some((t) => addressMatches(c.address, t))) continue;
    keep.add(c);
    if (c.type === 'ipvs_destination') {
      const svcId = splitDestinationId(c.id).serviceId;
      const svc = byKey.get(resourceKey(c.host, 'ipvs_service', svcId));
      if (svc) keep.add(svc);
      if (c.action !== 'delete') addPrep(c.realserver, serviceVip(c.host, svcId));
    } else if (c.type === 'ipvs_service' && c.action !== 'delete') {
      const vip = serviceVip(c.host, c.id);
      for (const d of destsOfService.get(keyOf(c)) ?? []) addPrep(d.realserver, vip);
    }
  }
  return { changes: changes.filter((c) => keep.has(c)), unmatched: unmatchedTargets(ctx, changes, hosts, targets) };
}

function unmatchedTargets(ctx: PlanContext, changes: readonly ResourceChange[], hosts: readonly HostSpec[], targets: readonly string[]): UnmatchedTarget[] {
  const known = new Set<string>();
  for (const c of changes) known.add(c.address);
  for (const e of ctx.named) known.add(e.named!.address);
  for (const h of hosts) known.add(`${h.role}.${h.name}`);
  const out: UnmatchedTarget[] = [];
  for (const t of targets) {
    let hit = false;
    for (const a of known) {
      if (addressMatches(a, t)) {
        hit = true;
        break;
      }
    }
    if (!hit) out.push({ target: t, didYouMean: suggest(t, withPrefixes(known)) });
  }
  return out;
}

/** Every address and each shorter address above it (`virtual_server.web` above `virtual_server.web.backend["a"]`). */
function withPrefixes(addresses: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const a of addresses) {
    out.add(a);
    let quoted = false;
    for (let i = 1; i < a.length; i++) {
      if (a[i] === '"' && a[i - 1] !== '\\') quoted = !quoted;
      else if (!quoted && (a[i] === '.' || a[i] === '[')) out.add(a.slice(0, i));
    }
  }
  return out;
}
