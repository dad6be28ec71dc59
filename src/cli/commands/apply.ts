import { statSync } from 'node:fs';
import type { ApplyEvent } from '../../apply/events.js';
import type { ApplyLockSet } from '../../apply/apply-locks.js';
import { executePlan } from '../../apply/execute-plan.js';
import { rememberHosts } from '../../apply/remember-hosts.js';
import { providerBuilders, providerHostReader } from '../../apply/provider-ports.js';
import { progressView, type ProgressView } from '../../apply/progress-view.js';
import { renderApplySummary } from '../../apply/progress-summary.js';
import { systemClock } from '../../apply/ports.js';
import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { hasChanges } from '../../plan/summary.js';
import type { Plan } from '../../plan/types.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { renderJsonPlan } from '../../render/json-plan.js';
import { askApproval, askRefreshApproval } from '../approval.js';
import { commandLog } from '../command-log.js';
import { HostRunners } from '../host-runners.js';
import { catchInterrupts } from '../interrupts.js';
import { JsonStream } from '../json-stream.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { makePlan } from '../make-plan.js';
import { runRefreshOnly } from '../refresh-only.js';
import type { LockFlags, PlanningFlags } from '../options.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';
import { readSavedPlan } from '../saved-plan.js';
import { reportProbes } from './test.js';
import { raiseNewBackends } from '../raise-new-backends.js';
import type { NewBackendRecheck } from '../../plan/raise-new-backends.js';

export interface ApplyOptions extends PlanningFlags, LockFlags {
  mode: 'apply' | 'destroy';
  /** A configuration directory, or (apply only) a saved plan file. */
  dirOrPlan: string;
  autoApprove: boolean;
  variables: VariableInput[];
  color: boolean;
  /** Terraform's machine-readable UI stream on stdout instead of the human view. */
  json: boolean;
  /** lvsplan's version, for the stream's first line. */
  version: string;
}

const DRAIN_POLL_MS = 1000;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function runApply(opts: ApplyOptions, io: CliIO): Promise<number> {
  const stream = opts.json ? new JsonStream(io.stdout) : null;
  stream?.version(opts.version);
  const report = (diags: readonly Diagnostic[], sources: Map<string, string> = new Map()): void =>
    stream ? stream.diagnostics(diags, sources) : printDiagnostics(io, diags, sources, opts.color, { compactWarnings: opts.compactWarnings });
  const saved = opts.mode === 'apply' && isFile(opts.dirOrPlan);
  let plan: Plan | null;
  let runners: HostRunners | null = null;
  let rechecks: NewBackendRecheck[] = [];
  let locks: ApplyLockSet | undefined;
  if (opts.refreshOnly && (stream || saved || opts.mode === 'destroy')) {
    report([errorDiag('Unsupported with -refresh-only', '-refresh-only works on apply of a configuration directory, without -json.')]);
    return EXIT_ERROR;
  }
  if (stream && !saved && !opts.autoApprove) {
    report([errorDiag('Plan file or auto-approve required', 'lvsplan cannot ask for interactive approval when -json is set. Apply a saved plan file, or add -auto-approve.')]);
    return EXIT_ERROR;
  }
  if (saved) {
    if (opts.variables.length > 0 || opts.target.length > 0 || opts.replace.length > 0) {
      report([errorDiag("Can't set variables or targets for a saved plan", 'The plan file already holds the planned changes; plan again with these options instead.')]);
      return EXIT_ERROR;
    }
    plan = readSavedPlan(opts.dirOrPlan, report, io.env, 'apply');
  } else {
    // Approved in advance: every host is locked before it is read, so it is read once, under the lock (as
    // Terraform locks its state before refreshing). An apply that asks first does not hold the hosts while a
    // person reads the plan (lvsplan watch could not quiesce a failing backend meanwhile); nor does a targeted
    // one hold hosts its changes do not touch, which only its plan tells: both lock those hosts after planning.
    const lockView = opts.autoApprove && opts.lock !== false && !opts.refreshOnly && opts.target.length === 0 ? applyView(io, stream) : null;
    const made = await makePlan(
      {
        dir: opts.dirOrPlan,
        variables: opts.variables,
        targets: opts.target,
        replace: opts.replace,
        parallelism: opts.parallelism,
        mode: opts.mode,
        input: opts.input && !stream,
        report,
        ...(lockView ? { lockFirst: { lockTimeoutMs: opts.lockTimeout, events: (e: ApplyEvent) => lockView.onEvent(e) } } : {}),
      },
      io,
    );
    lockView?.close();
    if (made && opts.refreshOnly) {
      try {
        return await runRefreshOnly(
          made,
          { record: true, detailedExitcode: false, color: opts.color, approve: async () => opts.autoApprove || (await askRefreshApproval(io)), report: (d) => report(d) },
          io,
        );
      } finally {
        await made.runners.close();
      }
    }
    plan = made?.plan ?? null;
    runners = made?.runners ?? null;
    rechecks = made?.rechecks ?? [];
    locks = made?.locks;
  }
  if (!plan) return EXIT_ERROR;
  // The hosts were just read over these connections; apply reuses them instead of connecting again.
  runners ??= new HostRunners(plan.hosts, commandLog(io));

  try {
    if (stream) stream.plannedChanges(plan);
    else if (!saved) {
      io.stdout(renderHumanPlan(renderJsonPlan(plan), { color: opts.color }));
      if (hasChanges(plan) && !opts.autoApprove && !(await askApproval(io, opts.mode))) {
        io.stdout(`${opts.mode === 'apply' ? 'Apply' : 'Destroy'} cancelled.\n`);
        return EXIT_ERROR;
      }
    }
    let code = await execute(plan, runners, saved, opts, io, stream, locks);
    // Held no longer than the changes they were taken for: the checks before raising new backends and the probes run without them.
    await locks?.release();
    if (code === EXIT_OK) {
      const held = runners;
      code = await raiseNewBackends(plan, rechecks, {
        runners: held,
        parallelism: opts.parallelism,
        execute: (raise) => execute(raise, held, false, opts, io, stream, undefined),
        say: (line, level) => (stream ? stream.log(line, level) : io.stdout(`\n${line}\n`)),
        report: (diags) => report(diags),
      });
    }
    // The configuration's probes (kept in a saved plan too) check the result through the VIP; a failing probe fails the apply.
    const probes = plan.probes ?? [];
    if (code !== EXIT_OK || probes.length === 0 || opts.mode !== 'apply') return code;
    if (!stream) io.stdout('\nProbes:\n');
    return await reportProbes(probes, io, opts.color, stream);
  } finally {
    await locks?.release();
    await runners.close();
  }
}

async function execute(plan: Plan, runners: HostRunners, saved: boolean, opts: ApplyOptions, io: CliIO, stream: JsonStream | null, locks: ApplyLockSet | undefined): Promise<number> {
  const unremembered = rememberHosts(plan);
  if (unremembered !== null) {
    io.stderr(`Error: Failed to update the known-hosts file\n\n${unremembered}\nNothing was changed on any host.\n`);
    return EXIT_ERROR;
  }
  const names = new Map(plan.fingerprints.map((f) => [f.host, f.sysctlNames ?? []]));
  const view = applyView(io, stream);
  const interrupts = catchInterrupts(io.stderr);
  interrupts.immediate.addEventListener('abort', () => runners.stopAll(), { once: true });
  const result = await executePlan(plan, {
    runners: runners.map,
    builders: providerBuilders,
    reader: providerHostReader({ sysctlNames: (h) => names.get(h.name) ?? [] }),
    clock: systemClock,
    events: (e) => view.onEvent(e),
    lock: opts.lock,
    lockTimeoutMs: opts.lockTimeout,
    drainPollMs: DRAIN_POLL_MS,
    parallelism: opts.parallelism,
    // A plan made just now is checked the same way: the hosts must not have changed while we waited for the lock.
    savedPlan: true,
    interrupt: interrupts.graceful,
    ...(locks ? { locks } : {}),
  }).finally(() => interrupts.dispose());
  view.close();
  const forgotten = rememberHosts(plan, result);
  if (forgotten !== null) result.diagnostics.push(errorDiag('Failed to update the known-hosts file', `${forgotten}\nThe changes above were made; the next apply updates the file.`));
  const diagnostics = saved ? result.diagnostics : result.diagnostics.map(unsavedWording);
  if (stream) {
    stream.result({ ...result, diagnostics });
    return result.exitCode === 0 && forgotten === null ? EXIT_OK : EXIT_ERROR;
  }
  printDiagnostics(io, diagnostics, new Map(), opts.color, { compactWarnings: opts.compactWarnings });
  io.stdout(`\n${renderApplySummary(result, { color: opts.color })}\n`);
  return result.exitCode === 0 && forgotten === null ? EXIT_OK : EXIT_ERROR;
}

/** Where an apply's events go: the JSON stream, else the progress view on stdout. */
function applyView(io: CliIO, stream: JsonStream | null): ProgressView {
  return stream ? { onEvent: (e: ApplyEvent) => stream.event(e), close: () => undefined } : progressView({ write: io.stdout, isTTY: io.isTTY });
}

function unsavedWording<T extends { summary: string; detail?: string }>(d: T): T {
  if (d.summary !== 'Saved plan is stale') return d;
  return {
    ...d,
    summary: 'Hosts changed during apply',
    detail: `${d.detail ?? ''}\nAnother operation changed the hosts between planning and locking them (another lvsplan apply?). Nothing was changed; run lvsplan apply again.`,
  };
}
