import { statSync } from 'node:fs';
import { executePlan } from '../../apply/execute-plan.js';
import { providerBuilders, providerHostReader } from '../../apply/provider-ports.js';
import { progressView } from '../../apply/progress-view.js';
import { renderApplySummary } from '../../apply/progress-summary.js';
import { systemClock } from '../../apply/ports.js';
import { hasChanges } from '../../plan/summary.js';
import type { Plan } from '../../plan/types.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { renderJsonPlan } from '../../render/json-plan.js';
import { askApproval } from '../approval.js';
import { parseDurationMs } from '../duration.js';
import { HostRunners } from '../host-runners.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { makePlan } from '../make-plan.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';
import { readPlanFile } from './show.js';

export interface ApplyOptions {
  mode: 'apply' | 'destroy';
  /** A configuration directory, or (apply only) a saved plan file. */
  target: string;
  autoApprove: boolean;
  lockTimeout: string;
  variables: VariableInput[];
  targets: string[];
  parallelism: number;
  color: boolean;
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
  const lockTimeoutMs = parseDurationMs(opts.lockTimeout);
  if (lockTimeoutMs === null) {
    io.stderr(`Error: Invalid --lock-timeout\n\n"${opts.lockTimeout}" is not a duration; write it like 30s, 2m or 0s.\n`);
    return EXIT_ERROR;
  }
  const saved = opts.mode === 'apply' && isFile(opts.target);
  let plan: Plan | null;
  let runners: HostRunners | null = null;
  if (saved) {
    if (opts.variables.length > 0 || opts.targets.length > 0) {
      io.stderr('Error: Can\'t set variables or targets for a saved plan\n\nThe plan file already holds the planned changes; plan again with these options instead.\n');
      return EXIT_ERROR;
    }
    plan = readPlanFile(opts.target, io, opts.color);
  } else {
    const made = await makePlan(
      { dir: opts.target, variables: opts.variables, targets: opts.targets, parallelism: opts.parallelism, mode: opts.mode, color: opts.color },
      io,
    );
    plan = made?.plan ?? null;
    runners = made?.runners ?? null;
  }
  if (!plan) return EXIT_ERROR;
  // The hosts were just read over these connections; apply reuses them instead of connecting again.
  runners ??= new HostRunners(plan.hosts);

  try {
    if (!saved) {
      io.stdout(renderHumanPlan(renderJsonPlan(plan), { color: opts.color }));
      if (hasChanges(plan) && !opts.autoApprove && !(await askApproval(io, opts.mode))) {
        io.stderr(`\nError: ${opts.mode === 'apply' ? 'Apply' : 'Destroy'} cancelled.\n`);
        return EXIT_ERROR;
      }
    }
    return await execute(plan, runners, saved, lockTimeoutMs, opts, io);
  } finally {
    await runners.close();
  }
}

async function execute(plan: Plan, runners: HostRunners, saved: boolean, lockTimeoutMs: number, opts: ApplyOptions, io: CliIO): Promise<number> {
  const names = new Map(plan.fingerprints.map((f) => [f.host, f.sysctlNames ?? []]));
  const view = progressView({ write: io.stdout, isTTY: io.isTTY });
  const result = await executePlan(plan, {
    runners: runners.map,
    builders: providerBuilders,
    reader: providerHostReader({ sysctlNames: (h) => names.get(h.name) ?? [] }),
    clock: systemClock,
    events: (e) => view.onEvent(e),
    lockTimeoutMs,
    drainPollMs: DRAIN_POLL_MS,
    parallelism: opts.parallelism,
    // A plan made just now is checked the same way: the hosts must not have changed while we waited for the lock.
    savedPlan: true,
  });
  view.close();
  const diagnostics = saved ? result.diagnostics : result.diagnostics.map(unsavedWording);
  printDiagnostics(io, diagnostics, new Map(), opts.color);
  io.stdout(`\n${renderApplySummary(result, { color: opts.color })}\n`);
  return result.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
}

function unsavedWording<T extends { summary: string; detail?: string }>(d: T): T {
  if (d.summary !== 'Saved plan is stale') return d;
  return {
    ...d,
    summary: 'Hosts changed during apply',
    detail: `${d.detail ?? ''}\nAnother operation changed the hosts between planning and locking them (another lvsplan apply?). Nothing was changed; run lvsplan apply again.`,
  };
}
