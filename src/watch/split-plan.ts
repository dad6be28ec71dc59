import type { Plan, ResourceChange } from '../plan/types.js';

export const SORRY_SUFFIX = '.sorry_server';

/** A change health asked for: a checked backend's weight, or a sorry server coming or going. */
export function isHealthChange(c: ResourceChange): boolean {
  if (c.action === 'no-op') return false;
  return c.health !== undefined || (c.type === 'ipvs_destination' && c.address.endsWith(SORRY_SUFFIX));
}

/**
 * The plan `watch` applies: health changes, plus every other change with --repair-drift. Health changes
 * alone touch only directors, so only those hosts are read again (and must be unchanged) before they run.
 */
export function splitPlan(plan: Plan, repairDrift: boolean): { apply: Plan; health: ResourceChange[]; drift: ResourceChange[] } {
  const health = plan.changes.filter(isHealthChange);
  const drift = plan.changes.filter((c) => c.action !== 'no-op' && !isHealthChange(c));
  const chosen = new Set(repairDrift ? [...health, ...drift] : health);
  const touched = new Set(health.map((c) => c.host));
  const fingerprints = repairDrift ? plan.fingerprints : plan.fingerprints.filter((f) => touched.has(f.host));
  return { apply: { ...plan, changes: plan.changes.filter((c) => chosen.has(c)), fingerprints }, health, drift };
}
