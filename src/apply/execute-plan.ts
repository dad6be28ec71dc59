import { errorDiag } from '../hcl/diagnostic.js';
import { checkStale } from '../plan/stale.js';
import type { ObservedHostLike } from '../plan/observed.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { DEFAULT_PARALLELISM, runOnHosts } from '../transport/fan-out.js';
import { holdReleasedWarning, lockBusyError, takeApplyLocks, type ApplyLockSet } from './apply-locks.js';
import { changesOfHost, groupBy } from './lookup.js';
import { runHostPhase } from './host-phase.js';
import type { ApplyResult } from './result.js';
import { parseRead, readHost } from './read-host.js';
import { runnerFor, settle, type ApplyDeps, type RunContext } from './run-context.js';
import { releaseLeftoverHold } from './scheduler-switch.js';
import type { CommandResult } from '../transport/command-runner.js';
import { summarize } from './summarize.js';
import { verifyHosts } from './verify-hosts.js';

/**
 * Runs a plan: locks every host it touches, reads them (refusing a stale saved plan), runs the
 * phases in order with hosts in parallel inside a phase, records on each host only what took, and
 * verifies by re-reading. Never throws for host trouble; everything lands in the result.
 */
export async function executePlan(plan: Plan, deps: ApplyDeps): Promise<ApplyResult> {
  const ctx: RunContext = {
    plan,
    deps,
    hosts: new Map(plan.hosts.map((h) => [h.name, h])),
    records: new Map(),
    observed: new Map(),
    readSinceChange: new Set(),
    outcomes: new Map(),
    broken: new Map(),
    diagnostics: [],
    locks: new Map(),
    stateDirChecked: new Set(),
  };
  const touched = [...new Set(plan.changes.filter(needsHost).map((c) => c.host))];
  const toRead = deps.savedPlan ? [...new Set([...touched, ...plan.fingerprints.map((f) => f.host)])] : touched;
  const parallelism = deps.parallelism ?? DEFAULT_PARALLELISM;

  const taken = deps.locks;
  taken?.onLost((host, why) => lockLost(ctx, host, why));
  const own = deps.lock === false ? null : await lockAll(ctx, touched.filter((h) => !taken?.held.has(h)), parallelism);
  try {
    if (own === undefined) return summarize(ctx, { notStarted: true });
    for (const set of [taken, own]) for (const [host, lock] of set?.held ?? []) ctx.locks.set(host, lock);
    if (stopping(ctx)) return interrupted(ctx);
    // A locked host was read by its lock holder (and a leftover ICMP hold put back there): no round trip
    // of its own before the first change (what a quiesce by `watch` waits for). Locks taken before planning
    // hand over what the plan was made from, read under them: neither read nor compared again.
    const planned = taken?.takePlanned() ?? new Map<string, ObservedHostLike>();
    const lockReads = new Map([...(taken?.takeReads() ?? []), ...(own?.takeReads() ?? [])]);
    const [fresh] = await Promise.all([readAll(ctx, toRead, parallelism, lockReads, planned), deps.lock === false ? releaseLeftoverHolds(ctx, touched, parallelism) : undefined]);
    if (stopping(ctx)) return interrupted(ctx);
    if (deps.savedPlan) {
      // A host already out of the run (unreachable when locked) fails on its own; it is no sign that another apply changed the others.
      const stale = checkStale({ ...plan, fingerprints: plan.fingerprints.filter((f) => !ctx.broken.has(f.host) && !planned.has(f.host)) }, fresh);
      if (stale) {
        ctx.diagnostics.push(stale);
        return summarize(ctx, { notStarted: true });
      }
    }
    const byPhase = groupBy(plan.changes.filter(needsHost), (c) => String(c.phase));
    for (const phase of [...byPhase.keys()].sort((a, b) => Number(a) - Number(b))) {
      const byHost = groupBy(byPhase.get(phase)!, (c) => c.host);
      await runOnHosts([...byHost.keys()], parallelism, (host) => (stopping(ctx) ? Promise.resolve() : guarded(ctx, host, () => runHostPhase(ctx, host, byHost.get(host)!))));
      if (stopping(ctx)) return interrupted(ctx);
    }
    await verifyHosts(ctx, touched, parallelism);
    return summarize(ctx, { notStarted: false });
  } finally {
    await own?.release();
  }
}

/** Without locks, a leftover ICMP hold on a director is put back by commands of their own, while the hosts are read. */
async function releaseLeftoverHolds(ctx: RunContext, touched: readonly string[], parallelism: number): Promise<void> {
  await runOnHosts(touched.filter((h) => ctx.hosts.get(h)?.role === 'director' && !ctx.broken.has(h)), parallelism, async (host) => {
    if (await releaseLeftoverHold(runnerFor(ctx, host))) holdReleased(ctx, host);
  });
}

function holdReleased(ctx: RunContext, host: string): void {
  ctx.diagnostics.push(holdReleasedWarning(host));
}

function stopping(ctx: RunContext): boolean {
  return ctx.deps.interrupt?.aborted === true;
}

/** The result of a run the operator interrupted: what took is applied, everything else not started. */
function interrupted(ctx: RunContext): ApplyResult {
  for (const c of ctx.plan.changes) {
    if (needsHost(c) && !ctx.outcomes.has(c)) settle(ctx, { change: c, status: 'skipped', message: 'not started: the apply was interrupted' });
  }
  const applied = [...ctx.outcomes.values()].filter((o) => o.status === 'applied').length;
  const notApplied = ctx.outcomes.size - applied;
  ctx.diagnostics.push(
    errorDiag(
      'Apply interrupted',
      `lvsplan stopped starting new work when it was interrupted. Commands already running were let finish, and what they changed is recorded on the hosts: ${applied} change${applied === 1 ? '' : 's'} applied, ${notApplied} not. Every apply lock is released. Run "lvsplan plan" to see what remains.`,
    ),
  );
  return summarize(ctx, { notStarted: false });
}

/** A change apply must act on: a real change, or a record-only one (adoption, a sysctl forgotten). */
function needsHost(c: ResourceChange): boolean {
  return c.action !== 'no-op' || Boolean(c.adopted) || c.reason === 'restore_because_no_resource_config';
}

async function guarded(ctx: RunContext, host: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    ctx.broken.set(host, message);
    ctx.diagnostics.push(errorDiag(`Apply failed on ${host}`, message));
  }
}

/** Takes the locks of the hosts not locked yet (undefined, with the reason, when another apply holds one). */
async function lockAll(ctx: RunContext, hosts: string[], parallelism: number): Promise<ApplyLockSet | undefined> {
  const { deps } = ctx;
  const set = await takeApplyLocks(
    hosts.flatMap((h) => ctx.hosts.get(h) ?? []),
    { ...deps, parallelism },
  );
  set.onLost((host, why) => lockLost(ctx, host, why));
  for (const host of set.holdReleased) holdReleased(ctx, host);
  for (const f of set.failures) {
    if (f.busy) ctx.diagnostics.push(lockBusyError(f));
    else markUnreachable(ctx, f.host, `the apply lock could not be taken: ${f.error}`);
  }
  for (const h of hosts) if (!ctx.hosts.has(h)) markUnreachable(ctx, h, `the apply lock could not be taken: host ${h} has no connection in the plan`);
  return set.busy ? undefined : set;
}

function lockLost(ctx: RunContext, host: string, why: string): void {
  ctx.broken.set(host, `the apply lock on ${host} was lost`);
  ctx.diagnostics.push(errorDiag(`Apply lock lost on ${host}`, `The apply lock on ${host} was lost: ${why}. Nothing more was changed there; run "lvsplan plan" to see what remains.`));
}

/** The host is out of the run from the start: its own changes fail, dependents are skipped. */
function markUnreachable(ctx: RunContext, host: string, why: string): void {
  ctx.broken.set(host, why);
  for (const c of changesOfHost(ctx.plan.changes, host)) {
    if (needsHost(c) && !ctx.outcomes.has(c)) settle(ctx, { change: c, status: 'failed', message: why });
  }
}

/**
 * Every host's read: what the plan was made from under a lock still held, else the read its lock holder made,
 * else a remote command of its own. The fingerprints of the hosts read here, to compare with the plan's.
 */
async function readAll(ctx: RunContext, hosts: string[], parallelism: number, lockReads: ReadonlyMap<string, CommandResult>, planned: ReadonlyMap<string, ObservedHostLike>) {
  const reads = await runOnHosts(hosts, parallelism, async (host) => {
    if (ctx.broken.has(host)) return { host, r: { ok: false as const, error: ctx.broken.get(host)! } };
    const observed = planned.get(host);
    if (observed) return { host, r: { ok: true as const, observed }, planned: true };
    const spec = ctx.hosts.get(host);
    if (!spec) return { host, r: { ok: false as const, error: `host ${host} is not declared in the plan` } };
    const read = lockReads.get(host);
    return { host, r: read ? await parseRead(ctx.deps.reader, spec, read) : await readHost(ctx.deps.reader, spec, runnerFor(ctx, host)) };
  });
  const fingerprints = [];
  for (const { host, r, planned } of reads) {
    if (r.ok) {
      ctx.observed.set(host, r.observed.resources);
      ctx.readSinceChange.add(host);
      if (r.observed.stateRecord) ctx.records.set(host, r.observed.stateRecord);
      if (!planned) fingerprints.push({ host, fingerprint: r.observed.fingerprint });
    } else if (!ctx.broken.has(host)) {
      markUnreachable(ctx, host, `${host} could not be read: ${r.error}`);
    }
  }
  return fingerprints;
}
