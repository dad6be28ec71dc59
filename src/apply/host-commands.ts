import type { ResourceChange } from '../plan/types.js';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import type { Built, CommandBuilders } from './ports.js';
import type { HeldLock } from './host-lock.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import { stepsArgv, stepsOutcome, type StepsOutcome } from './steps-script.js';
import { SENSITIVE_TEXT } from '../model/sensitive-text.js';

/** The argv commands (in order) that carry out a sysctl or address change. */
export function argvFor(c: ResourceChange, b: CommandBuilders): Built<string[][]> {
  const out: string[][] = [];
  const push = (x: Built<string[]>): string | null => {
    if (!x.ok) return x.error;
    out.push(x.value);
    return null;
  };
  let error: string | null = null;
  if (c.type === 'sysctl') {
    const value = c.after?.value;
    if (typeof value !== 'string') return { ok: false, error: `no value to write to ${c.id}` };
    error = push(b.sysctlWriteArgv(c.id, value));
  } else if (c.type === 'address') {
    if (c.action !== 'create' && c.before) error = push(b.addressDeleteArgv(c.before));
    if (!error && c.action !== 'delete' && c.after) error = push(b.addressAddArgv(c.after));
  }
  return error ? { ok: false, error } : { ok: true, value: out };
}

/** One command of a host step: the change it carries out, or `what` it does for the step itself. */
export interface Step {
  argv: string[];
  change?: ResourceChange;
  what?: string;
}

export interface StepsRun {
  /** The step that failed and why, or null. */
  failed: { step: Step; error: string } | null;
  /** The report command's result (see runArgvSteps), or null. */
  report: CommandResult | null;
}

/**
 * Runs the steps in order, through the host's lock holder or as one remote command (`stdin` goes to the
 * first step that reads it); the first failure stops them and is returned, its command shown with the
 * change's sensitive values hidden.
 */
export async function runSteps(runner: CommandRunner, steps: readonly Step[], opts: StepsOptions = {}): Promise<StepsRun> {
  if (steps.length === 0 && !opts.report) return { failed: null, report: null };
  const outcome = await runArgvSteps(runner, steps.map((s) => s.argv), opts);
  if (outcome.failed === null) return { failed: null, report: outcome.report };
  const step = steps[outcome.failed]!;
  const error = describeFailure(outcome.ran[outcome.failed]!, step.what ?? (step.change ? shownArgv(step.argv, step.change) : undefined));
  return { failed: { step, error }, report: outcome.report };
}

export interface StepsOptions {
  stdin?: string;
  /** A command run last whatever happened (the host's re-read), its result returned as `report`. */
  report?: string[];
  /** The host's apply lock: its holder runs the steps when it can (no remote command of their own). */
  lock?: HeldLock;
}

/** The argvs (and the report) through the host's lock holder where it can, else as one remote command; see STEPS_SCRIPT. */
export async function runArgvSteps(runner: CommandRunner, argvs: readonly string[][], opts: StepsOptions = {}): Promise<StepsOutcome> {
  const r =
    (await opts.lock?.requests?.runSteps(argvs, opts.report, opts.stdin)) ??
    (await runner.run(stepsArgv(argvs, opts.report), { timeoutMs: HOST_COMMAND_LIMIT_MS, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) }));
  return stepsOutcome(r, argvs, opts.report);
}

/** The argv as text with the change's sensitive values hidden: a whole argument, or the value of a `name=value` one. */
function shownArgv(argv: readonly string[], c: ResourceChange): string {
  const hidden = new Set((c.sensitive ?? []).flatMap((k) => [c.after?.[k], c.before?.[k]]).filter((v): v is string => typeof v === 'string' && v !== ''));
  const hide = (a: string) => {
    if (hidden.has(a)) return SENSITIVE_TEXT;
    const eq = a.indexOf('=');
    return eq >= 0 && hidden.has(a.slice(eq + 1)) ? `${a.slice(0, eq + 1)}${SENSITIVE_TEXT}` : a;
  };
  return argv.map(hide).join(' ');
}

