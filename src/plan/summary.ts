import type { Plan, ResourceChange } from './types.js';

export interface PlanCounts {
  add: number;
  change: number;
  destroy: number;
}

/** Terraform's "Plan: X to add, Y to change, Z to destroy." counts; a replacement counts in add and destroy. */
export function countChanges(changes: readonly ResourceChange[]): PlanCounts {
  const counts: PlanCounts = { add: 0, change: 0, destroy: 0 };
  for (const c of changes) {
    if (c.action === 'create' || c.action === 'replace') counts.add++;
    if (c.action === 'delete' || c.action === 'replace') counts.destroy++;
    if (c.action === 'update') counts.change++;
  }
  return counts;
}

/** True when applying the plan would change a host (what --detailed-exitcode reports as 2). */
export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.action !== 'no-op');
}
