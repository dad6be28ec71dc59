import { runChecks } from '../apply/health-checks.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { checkKey } from '../model/health.js';
import { raisePlan, type NewBackendRecheck } from '../plan/raise-new-backends.js';
import type { Plan } from '../plan/types.js';
import type { HostRunners } from './host-runners.js';
import { EXIT_OK } from './io.js';

export interface RaiseDeps {
  runners: HostRunners;
  parallelism: number;
  /** Runs the follow-up plan like the apply before it (lock, read, change, verify); returns the exit code. */
  execute: (plan: Plan) => Promise<number>;
  say: (line: string, level?: 'info' | 'warn') => void;
  report: (diags: readonly Diagnostic[]) => void;
}

/**
 * After a successful apply: the new backends health held at weight 0 are checked again (the apply may
 * have made them ready), and those that pass are raised to their configured weight. One that still
 * fails stays at 0 until `watch` or the next apply sees it pass.
 */
export async function raiseNewBackends(plan: Plan, rechecks: readonly NewBackendRecheck[], deps: RaiseDeps): Promise<number> {
  if (rechecks.length === 0) return EXIT_OK;
  const checked = await runChecks(rechecks.map((r) => r.check), plan.hosts, deps.runners.map, deps.parallelism);
  deps.report(checked.diagnostics);
  for (const r of rechecks) {
    const v = checked.results.get(checkKey(r.check));
    if (v && !v.healthy) deps.say(`${r.change.address} stays at weight 0 on ${r.change.host}: ${v.reason}. watch (or the next apply) raises it once it passes its check.`, 'warn');
  }
  const raise = raisePlan(plan, rechecks, checked.results);
  if (raise.changes.length === 0) return EXIT_OK;
  deps.say(`Raising ${raise.changes.length} new backend(s) that pass their health check now: ${raise.changes.map((c) => c.address).join(', ')}`);
  return deps.execute(raise);
}
