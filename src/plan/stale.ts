import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { HostFingerprint, Plan } from './types.js';

/**
 * A saved plan may only be applied to hosts whose observed state is what it was planned against.
 * Returns Terraform's stale-plan error naming the hosts that changed (or could not be read), else null.
 */
export function checkStale(plan: Plan, fresh: readonly HostFingerprint[]): Diagnostic | null {
  const now = new Map(fresh.map((f) => [f.host, f.fingerprint]));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const f of plan.fingerprints) {
    const current = now.get(f.host);
    if (current === undefined) missing.push(f.host);
    else if (current !== f.fingerprint) changed.push(f.host);
  }
  if (changed.length === 0 && missing.length === 0) return null;
  const parts = [
    'The given plan file can no longer be applied because the state was changed by another operation after the plan was created.',
  ];
  if (changed.length > 0) parts.push(`Changed since the plan was made: ${changed.join(', ')}.`);
  if (missing.length > 0) parts.push(`Not read for comparison: ${missing.join(', ')}.`);
  parts.push('Run "lvsplan plan" again and apply the new plan.');
  return errorDiag('Saved plan is stale', parts.join('\n'));
}
