import { errorDiag } from '../hcl/diagnostic.js';
import { runOnHosts } from '../transport/fan-out.js';
import { groupBy } from './lookup.js';
import { readHost } from './read-host.js';
import { runnerFor, type RunContext } from './run-context.js';
import { checkTook } from './verify.js';

/**
 * After all phases: check each applied change against every touched host as read after its last
 * command (the re-read that ends each host phase; a host read again only when that one failed).
 * Anything that no longer holds becomes a failure and an error naming what did not take.
 */
export async function verifyHosts(ctx: RunContext, hosts: readonly string[], parallelism: number): Promise<void> {
  const applied = groupBy(
    [...ctx.outcomes.values()].filter((o) => o.status === 'applied' && o.change.action !== 'no-op'),
    (o) => o.change.host,
  );
  const toCheck = hosts.filter((h) => applied.has(h));
  await runOnHosts(toCheck, parallelism, async (host) => {
    const r = ctx.readSinceChange.has(host)
      ? { ok: true as const, observed: { resources: ctx.observed.get(host)! } }
      : await readHost(ctx.deps.reader, ctx.hosts.get(host)!, runnerFor(ctx, host));
    if (!r.ok) {
      ctx.diagnostics.push(errorDiag(`Could not verify ${host}`, `Re-reading ${host} after apply failed: ${r.error}`));
      ctx.deps.events({ kind: 'verify', host, ok: false });
      return;
    }
    ctx.observed.set(host, r.observed.resources);
    const problems: string[] = [];
    for (const o of applied.get(host)!) {
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
