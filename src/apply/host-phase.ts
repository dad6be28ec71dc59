import { errorDiag } from '../hcl/diagnostic.js';
import { emptyStateRecord, STATE_RECORD_PATH, type StateRecord } from '../model/state-record.js';
import { PHASES } from '../plan/ordering.js';
import type { ResourceChange } from '../plan/types.js';
import type { CommandResult } from '../transport/command-runner.js';
import { nextTurn } from './next-turn.js';
import { blockedBy } from './dependencies.js';
import { drainAndDelete } from './drain.js';
import { argvFor, runArgvSteps, runSteps, type Step } from './host-commands.js';
import { batchText, blameBatch, buildBatch, IPVS_RESTORE_ARGV, runBatch } from './ipvs-batch.js';
import type { ReadOutcome } from './ports.js';
import { parseRead, readHost } from './read-host.js';
import { runnerFor, serviceAttrs, settle, type RunContext } from './run-context.js';
import { switchesScheduler, withRefusalsHeld } from './scheduler-switch.js';
import { recordApplied, withOriginals } from './state-update.js';
import { writeStateRecord } from './state-io.js';
import { stateRecordText } from '../model/state-record-file.js';
import { STATE_WRITE_ARGV } from './state-write.js';
import { checkTook } from './verify.js';

const isIpvs = (c: ResourceChange) => c.type === 'ipvs_service' || c.type === 'ipvs_destination';

/**
 * One host's share of one phase: dependency checks, the commands (sysctls and addresses as argv,
 * IPVS as one `ipvsadm -R` batch, or drain-then-delete), a re-read that decides what took (in the
 * same remote command where it can), and a state record write for exactly that.
 */
export async function runHostPhase(ctx: RunContext, host: string, changes: readonly ResourceChange[]): Promise<void> {
  // A turn of its own for the host's commands and for its state record (next-turn.ts): seconds each on a large director.
  await nextTurn();
  const runnable: ResourceChange[] = [];
  for (const c of changes) {
    if (ctx.outcomes.has(c)) continue;
    const why = blockedBy(ctx, c);
    if (why !== null) settle(ctx, { change: c, status: 'skipped', message: why });
    else runnable.push(c);
  }
  const active = runnable.filter((c) => c.action !== 'no-op');
  const recordOnly = runnable.filter((c) => c.action === 'no-op');
  const startedAt = new Map(active.map((c) => [c, ctx.deps.clock.now()]));
  for (const c of active) ctx.deps.events({ kind: 'start', change: c });
  if (active.length > 0) ctx.readSinceChange.delete(host);

  const { errors, notRun, reread: fused } = active.length > 0 ? await execute(ctx, host, active) : { errors: new Map(), notRun: new Map(), reread: null };

  const taken: ResourceChange[] = [...recordOnly];
  if (active.length > 0) {
    const reread = fused ?? (await readHost(ctx.deps.reader, ctx.hosts.get(host)!, runnerFor(ctx, host)));
    if (reread.ok) {
      ctx.observed.set(host, reread.observed.resources);
      ctx.readSinceChange.add(host);
    }
    for (const c of active) {
      if (notRun.has(c)) {
        settle(ctx, { change: c, status: 'skipped', message: notRun.get(c)! });
        continue;
      }
      const notTaken = reread.ok ? checkTook(c, reread.observed.resources) : `could not re-read ${host} to confirm: ${reread.error}`;
      if (notTaken === null) {
        taken.push(c);
        settle(ctx, { change: c, status: 'applied' });
        ctx.deps.events({ kind: 'complete', change: c, elapsedMs: ctx.deps.clock.now() - startedAt.get(c)! });
      } else {
        settle(ctx, { change: c, status: 'failed', message: errors.get(c) ?? `did not take: ${notTaken}` });
      }
    }
  }
  for (const c of recordOnly) settle(ctx, { change: c, status: 'applied' });

  if (taken.length > 0) {
    await nextTurn();
    const next = recordApplied(recordOf(ctx, host), taken, new Date(ctx.deps.clock.now()).toISOString());
    const lock = ctx.locks.get(host);
    const error = await writeStateRecord(runnerFor(ctx, host), next, lock && { lock, dirChecked: ctx.stateDirChecked.has(host) });
    if (error) {
      ctx.diagnostics.push(errorDiag(`State record not written on ${host}`, `These changes took but are not recorded: ${taken.map((c) => c.address).join(', ')}.\n${error}`));
      ctx.broken.set(host, 'its state record could not be written');
    } else {
      ctx.records.set(host, next);
      ctx.stateDirChecked.add(host);
    }
  }
  const failed = active.find((c) => ctx.outcomes.get(c)?.status === 'failed');
  if (failed && !ctx.broken.has(host)) ctx.broken.set(host, `${failed.address}: ${ctx.outcomes.get(failed)!.message}`);
}

function recordOf(ctx: RunContext, host: string): StateRecord {
  return ctx.records.get(host) ?? emptyStateRecord();
}

interface Executed {
  /** why a change that ran may not have taken */
  errors: Map<ResourceChange, string>;
  /** changes not run because an earlier command on the host failed */
  notRun: Map<ResourceChange, string>;
  /** the host as re-read in the same remote command as the changes, or null when it was not */
  reread: ReadOutcome | null;
}

/**
 * The original values of sysctls about to change go into the state record first, then sysctls, then
 * addresses (addresses first when removing), then IPVS as one `ipvsadm -R` batch; the host's re-read
 * runs in the same run as the last of them, through the host's lock holder where it can (the batch too,
 * its stdin carried by the request), else in one remote command. The first failing command stops the rest: a
 * real server must not bind the VIP when its ARP sysctls did not take. Draining's polls and scheduler
 * switches' rate limit take remote commands of their own.
 */
async function execute(ctx: RunContext, host: string, active: ResourceChange[]): Promise<Executed> {
  const errors = new Map<ResourceChange, string>();
  const notRun = new Map<ResourceChange, string>();
  const done = (reread: ReadOutcome | null = null): Executed => ({ errors, notRun, reread });
  const runner = runnerFor(ctx, host);
  const spec = ctx.hosts.get(host)!;
  const readArgv = ctx.deps.reader.argv(spec, { reread: true });
  const fusedRead = async (report: CommandResult | null) => (report ? parseRead(ctx.deps.reader, spec, report) : null);

  const sysctls = active.filter((c) => c.type === 'sysctl');
  const addresses = active.filter((c) => c.type === 'address');
  const removal = active[0]!.phase === PHASES.removeRealServerPrep;
  const ipvs = active.filter(isIpvs);
  const ordered = removal ? [...addresses, ...sysctls] : [...sysctls, ...addresses];
  const originals = withOriginals(recordOf(ctx, host), active);
  const steps: Step[] = originals ? [{ argv: STATE_WRITE_ARGV, what: `recording the original sysctl values in ${STATE_RECORD_PATH}` }] : [];
  let unbuilt: { step: Step; error: string } | null = null;
  for (const c of ordered) {
    const argvs = argvFor(c, ctx.deps.builders);
    if (!argvs.ok) {
      unbuilt = { step: { argv: [], change: c }, error: `cannot build the command: ${argvs.error}` };
      break;
    }
    for (const argv of argvs.value) steps.push({ change: c, argv });
  }
  const readHere = ipvs.length === 0 && steps.length > 0 && readArgv.ok ? { report: readArgv.value } : {};
  const lock = ctx.locks.get(host);
  const run = await runSteps(runner, steps, { ...readHere, ...(originals ? { stdin: stateRecordText(originals) } : {}), ...(lock ? { lock } : {}) });
  const failed = run.failed ?? unbuilt;
  if (originals && failed?.step !== steps[0]) {
    ctx.records.set(host, originals);
    ctx.stateDirChecked.add(host);
  }
  const c = failed?.step.change;
  if (failed && !c) {
    for (const x of active) errors.set(x, `original sysctl values could not be recorded first, so nothing was changed: ${failed.error}`);
    return done(await fusedRead(run.report));
  }
  if (failed && c) {
    errors.set(c, failed.error);
    for (const later of [...ordered.slice(ordered.indexOf(c) + 1), ...ipvs]) notRun.set(later, `not run after ${c.address} failed on ${host}`);
    return done(await fusedRead(run.report));
  }

  if (ipvs.length === 0) return done(await fusedRead(run.report));
  if (ipvs.some((c) => c.type === 'ipvs_destination' && c.action === 'delete')) {
    for (const [c, m] of await drainAndDelete(ctx, host, ipvs)) errors.set(c, m);
    return done();
  }
  const batch = buildBatch(ipvs, ctx.deps.builders, (id) => serviceAttrs(ctx, host, id));
  for (const [c, m] of batch.refused) errors.set(c, m);
  if (switchesScheduler(ipvs)) {
    for (const [c, m] of await withRefusalsHeld(runner, () => runBatch(runner, batch, ctx.deps.builders, lock))) errors.set(c, m);
    return done();
  }
  if (batch.lines.length === 0 || !readArgv.ok) {
    for (const [c, m] of await runBatch(runner, batch, ctx.deps.builders, lock)) errors.set(c, m);
    return done();
  }
  const restore = await runArgvSteps(runner, [IPVS_RESTORE_ARGV], { stdin: batchText(batch), report: readArgv.value, ...(lock ? { lock } : {}) });
  for (const [c, m] of blameBatch(restore.ran[0]!, batch, ctx.deps.builders)) errors.set(c, m);
  return done(await fusedRead(restore.report));
}
