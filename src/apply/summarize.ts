import { errorDiag } from '../hcl/diagnostic.js';
import type { ResourceChange } from '../plan/types.js';
import type { ApplyResult, ChangeOutcome } from './result.js';
import type { RunContext } from './run-context.js';

/** The result: every change that needed work is applied, failed, or skipped (with why), in plan order. */
export function summarize(ctx: RunContext, opts: { notStarted: boolean }): ApplyResult {
  const applied: ChangeOutcome[] = [];
  const failed: ChangeOutcome[] = [];
  const skipped: ChangeOutcome[] = [];
  for (const change of ctx.plan.changes) {
    const o = ctx.outcomes.get(change);
    if (o?.status === 'applied') applied.push(o);
    else if (o?.status === 'failed') failed.push(o);
    else if (o?.status === 'skipped') skipped.push(o);
    else if (needsWork(change)) {
      skipped.push({ change, status: 'skipped', message: opts.notStarted ? 'the apply did not start' : 'not attempted' });
    }
  }
  const counts = { added: 0, changed: 0, destroyed: 0 };
  for (const { change } of applied) {
    if (change.action === 'create') counts.added++;
    else if (change.action === 'update') counts.changed++;
    else if (change.action === 'delete') counts.destroyed++;
    else if (change.action === 'replace') {
      counts.added++;
      counts.destroyed++;
    }
  }
  const diagnostics = [...ctx.diagnostics];
  if (failed.length > 0) {
    diagnostics.push(errorDiag('Apply incomplete', failed.map((o) => `${o.change.host}: ${o.change.address}: ${o.message ?? 'failed'}`).join('\n')));
  }
  const ok = failed.length === 0 && skipped.length === 0 && !diagnostics.some((d) => d.severity === 'error');
  return { mode: ctx.plan.mode, applied, failed, skipped, diagnostics, counts, exitCode: ok ? 0 : 1 };
}

function needsWork(c: ResourceChange): boolean {
  return c.action !== 'no-op' || Boolean(c.adopted) || c.reason === 'restore_because_no_resource_config';
}
