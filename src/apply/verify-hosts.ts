import { errorDiag } from '../hcl/diagnostic.js';
import { runOnHosts } from '../transport/fan-out.js';
import { runnerFor, type RunContext } from './run-context.js';
import { checkTook } from './verify.js';

/**
 * After all phases: re-read every touched host and check each applied change against the plan's
 * after-state. Anything that no longer holds becomes a failure and an error naming what did not take.
 */
export async function verifyHosts(ctx: RunContext, hosts: readonly string[], parallelism: number): Promise<void> {
  const toCheck = hosts.filter((h) => [...ctx.outcomes.values()].some((o) => o.change.host === h && o.status === 'applied' && o.change.action !== 'no-op'));
  await runOnHosts(toCheck, parallelism, async (host) => {
    const r = await ctx.deps.reader(ctx.hosts.get(host)!, runnerFor(ctx, host));
    if (!r.ok) {
      ctx.diagnostics.push(errorDiag(`Could not verify ${host}`, `Re-reading ${host} after apply failed: ${r.error}`));
      ctx.deps.events({ kind: 'verify', host, ok: false });
      return;
    }
    ctx.observed.set(host, r.observed.resources);
    const problems: string[] = [];
    for (const o of ctx.outcomes.values()) {
      if (o.change.host !== host || o.status !== 'applied' || o.change.action === 'no-op') continue;
      const notTaken = checkTook(o.change, r.observed.resources);
      if (notTaken === null) continue;
      problems.push(`${o.change.address}: ${notTaken}`);
      ctx.outcomes.set(o.change, { change: o.change, status: 'failed', message: `verification: ${notTaken}` });
    }
    if (problems.length > 0) {
      ctx.diagnostics.push(errorDiag(`Verification failed on ${host}`, `Re-reading ${host} after apply shows changes that did not take:\n${problems.map((p) => `  - ${p}`).join('\n')}`));
    }
    ctx.deps.events({ kind: 'verify', host, ok: problems.length === 0 });
  });
}
