import type { ResourceChange } from '../plan/types.js';
import { succeeded } from '../transport/command-runner.js';
import { ACTIVE_CONNS_ARGV, parseConnCounts, waitsForInactive, type ConnCounts } from './active-conns.js';
import { splitDestinationId } from '../model/identity.js';
import { buildBatch, runBatch } from './ipvs-batch.js';
import { currentAttrs, serviceAttrs, runnerFor, type RunContext } from './run-context.js';
import { drainingExpectation } from './verify.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import { portReuseHazard, type DeletedWithClosing } from './port-reuse-hazard.js';

/**
 * Destination deletions of one director: those that drain are set to weight 0 in one batch (with the
 * immediate deletions), the table is polled until their connections reach 0 or their drain timeout
 * passes (see waitsForInactive for which connections count), and they are deleted in a second batch. Returns the error per change that a batch blamed,
 * plus refusals.
 */
export async function drainAndDelete(ctx: RunContext, host: string, changes: readonly ResourceChange[]): Promise<Map<ResourceChange, string>> {
  const { builders, clock, events } = ctx.deps;
  const runner = runnerFor(ctx, host);
  const svcOf = (id: string) => serviceAttrs(ctx, host, id);
  const drainers = changes.filter((c) => c.drain && c.drain.timeoutSeconds > 0);
  const draining = new Set(drainers);
  const immediate = changes.filter((c) => !draining.has(c));
  const quiesce = new Map(drainers.map((c) => [drainingExpectation(c), c]));

  const first = buildBatch([...quiesce.keys(), ...immediate], builders, svcOf);
  const errors = new Map<ResourceChange, string>();
  const blame = (m: Map<ResourceChange, string>) => {
    for (const [c, msg] of m) {
      const orig = quiesce.get(c) ?? c;
      if (!errors.has(orig)) errors.set(orig, msg);
    }
  };
  blame(first.refused);
  blame(await runBatch(runner, first, builders, ctx.locks.get(host)));

  const pending = new Set(drainers.filter((c) => !errors.has(c)));
  const started = clock.now();
  const ready: ResourceChange[] = [];
  const timedOut = new Map<ResourceChange, DeletedWithClosing>();
  while (pending.size > 0) {
    const r = await runner.run(ACTIVE_CONNS_ARGV, { timeoutMs: HOST_COMMAND_LIMIT_MS });
    const counts = succeeded(r) ? parseConnCounts(r.stdout) : null;
    const elapsedMs = clock.now() - started;
    for (const c of [...pending]) {
      const timeoutMs = c.drain!.timeoutSeconds * 1000;
      const seen = counts ? (counts.get(c.id) ?? { active: 0, inactive: 0 }) : null;
      const conns: Pick<ConnCounts, 'active'> & Partial<ConnCounts> = seen === null ? { active: -1 } : waitsForInactive(splitDestinationId(c.id).serviceId) ? seen : { active: seen.active };
      if (seen !== null && conns.active + (conns.inactive ?? 0) === 0) {
        ready.push(c);
        pending.delete(c);
      } else if (elapsedMs >= timeoutMs) {
        events({ kind: 'drain-timeout', change: c, ...conns });
        timedOut.set(c, { address: c.address, forwarding: String(c.before?.forwarding ?? ''), inactive: conns.inactive ?? 0 });
        ready.push(c);
        pending.delete(c);
      } else {
        events({ kind: 'draining', change: c, ...conns, elapsedMs, timeoutMs });
      }
    }
    if (pending.size > 0) await clock.sleep(ctx.deps.drainPollMs);
  }

  const second = buildBatch(ready, builders, svcOf);
  blame(second.refused);
  blame(await runBatch(runner, second, builders, ctx.locks.get(host)));
  const sysctl = (name: string) => {
    const value = currentAttrs(ctx, host, 'sysctl', name)?.value;
    return value === undefined || value === null ? null : String(value);
  };
  const hazard = portReuseHazard(host, [...timedOut].flatMap(([c, d]) => (errors.has(c) ? [] : [d])), sysctl);
  if (hazard) ctx.diagnostics.push(hazard);
  return errors;
}
