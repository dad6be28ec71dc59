import { checkKey, type BackendCheck, type CheckResult } from '../model/health.js';
import { keyOf, type DesiredResource } from '../model/resource.js';
import type { Plan, ResourceChange } from './types.js';

/** A backend the plan creates at weight 0 because its check failed: apply checks it again afterwards. */
export interface NewBackendRecheck {
  change: ResourceChange;
  check: BackendCheck;
  /** The weight the configuration gives it once it passes. */
  weight: number;
}

/**
 * Pure: the plan's new backends that health held at weight 0 (their configured weight is not 0). When every
 * backend fails and the pool is left as it is, new ones keep their weight: there is nothing to raise.
 */
export function newBackendRechecks(plan: Plan, desired: readonly DesiredResource[], checks: readonly BackendCheck[]): NewBackendRecheck[] {
  if (checks.length === 0) return [];
  const byKey = new Map(checks.map((c) => [checkKey(c), c]));
  const weights = new Map(desired.flatMap((d) => (d.type === 'ipvs_destination' ? [[keyOf(d), d.attrs.weight] as const] : [])));
  const out: NewBackendRecheck[] = [];
  for (const change of plan.changes) {
    if (change.type !== 'ipvs_destination' || change.action !== 'create' || change.health?.status !== 'unhealthy' || change.after?.weight !== 0) continue;
    const check = byKey.get(checkKey({ host: change.host, destinationId: change.id }));
    const weight = weights.get(keyOf(change));
    if (check && typeof weight === 'number' && weight > 0) out.push({ change, check, weight });
  }
  return out;
}

/**
 * Pure: the follow-up plan that raises each re-checked backend that now passes from weight 0 to its
 * configured weight. It touches only those destinations; the hosts are read again when it runs.
 */
export function raisePlan(plan: Plan, rechecks: readonly NewBackendRecheck[], verdicts: ReadonlyMap<string, CheckResult>): Plan {
  const changes: ResourceChange[] = [];
  for (const r of rechecks) {
    const v = verdicts.get(checkKey(r.check));
    if (!v?.healthy || !r.change.after) continue;
    const { address, host, type, id, phase, realserver } = r.change;
    changes.push({
      address, host, type, id, phase, ...(realserver !== undefined ? { realserver } : {}),
      action: 'update',
      before: r.change.after,
      after: { ...r.change.after, weight: r.weight },
      replacePaths: [],
      drift: false,
      health: { status: 'healthy', latencyMs: v.latencyMs, reason: v.reason },
    });
  }
  const { probes: _probes, ...rest } = plan;
  return { ...rest, changes, fingerprints: [] };
}
