import type { Diagnostic } from '../hcl/diagnostic.js';
import type { CheckResult, HealthConfig } from '../model/health.js';
import { keyOf, type DesiredResource, type ResourceInstance } from '../model/resource.js';
import { computePlanWithDiagnostics } from './compute-plan.js';
import { adjustForHealth, type HealthAdjusted } from './health-adjust.js';
import { applyIgnoreChanges, preventDestroyErrors } from './lifecycle.js';
import type { PlanInput } from './observed.js';
import type { Plan } from './types.js';

/**
 * The planner with health and lifecycle applied: verdicts set backend weights (and the sorry server),
 * ignore_changes keeps observed values, and prevent_destroy refuses plans that would delete.
 * Configurations without checks or lifecycle rules skip that work (it is per resource).
 */
export function planWithHealth(input: PlanInput, health: HealthConfig, verdicts: ReadonlyMap<string, CheckResult>): { plan: Plan; diagnostics: Diagnostic[] } {
  const observed = lazy(() => {
    const m = new Map<string, ResourceInstance>();
    for (const oh of input.observed) for (const r of oh.resources) m.set(keyOf({ host: oh.host, type: r.type, id: r.id }), r);
    return m;
  });
  const adjusted: HealthAdjusted =
    input.mode === 'apply' && health.checks.length > 0
      ? adjustForHealth(input.desired, health, verdicts, observed())
      : { resources: input.desired, notes: new Map(), warnings: [] };
  const ignoring = Object.values(health.lifecycle).some((l) => l.ignoreChanges.length > 0);
  const desired = ignoring ? applyIgnoreChanges(adjusted.resources, health.lifecycle, observed()) : adjusted.resources;
  const { plan, diagnostics: planDiagnostics } = computePlanWithDiagnostics({ ...input, desired });
  const sorry = new Map(health.sorryServers.map((s) => [keyOf(s.resource), s.address]));
  if (adjusted.notes.size > 0 || sorry.size > 0) {
    for (const c of plan.changes) {
      const note = adjusted.notes.get(keyOf(c));
      if (note) c.health = note;
      // A sorry server being removed is no longer desired; it keeps its name in the plan.
      const name = sorry.get(keyOf(c));
      if (name) {
        c.address = name;
        // keepalived removes a sorry server at once; a drain would hold the recovered pool's apply back.
        delete c.drain;
      }
    }
  }
  const named = lazy(() => new Map<string, DesiredResource>(input.desired.map((d) => [keyOf(d), d])));
  return { plan, diagnostics: [...planDiagnostics, ...adjusted.warnings, ...preventDestroyErrors(plan.changes, health.lifecycle, named)] };
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
