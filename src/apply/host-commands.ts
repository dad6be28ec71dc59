import type { ResourceChange } from '../plan/types.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import type { Built, CommandBuilders } from './ports.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import { stepFailure, stepsArgv } from './steps-script.js';

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

/**
 * Runs the steps in order as one remote command (`stdin` goes to the first step that reads it); the
 * first failure stops them and is returned, its command shown with the change's sensitive values hidden.
 */
export async function runSteps(runner: CommandRunner, steps: readonly Step[], stdin?: string): Promise<{ step: Step; error: string } | null> {
  if (steps.length === 0) return null;
  const argvs = steps.map((s) => s.argv);
  const r = await runner.run(stepsArgv(argvs), { timeoutMs: HOST_COMMAND_LIMIT_MS, ...(stdin !== undefined ? { stdin } : {}) });
  const failure = stepFailure(r, argvs);
  if (failure === null) return null;
  const step = steps[failure.index]!;
  return { step, error: describeFailure(failure.result, step.what ?? (step.change ? shownArgv(step.argv, step.change) : undefined)) };
}

/** The argv as text with the change's sensitive values hidden: a whole argument, or the value of a `name=value` one. */
function shownArgv(argv: readonly string[], c: ResourceChange): string {
  const hidden = new Set((c.sensitive ?? []).flatMap((k) => [c.after?.[k], c.before?.[k]]).filter((v): v is string => typeof v === 'string' && v !== ''));
  const hide = (a: string) => {
    if (hidden.has(a)) return SENSITIVE;
    const eq = a.indexOf('=');
    return eq >= 0 && hidden.has(a.slice(eq + 1)) ? `${a.slice(0, eq + 1)}${SENSITIVE}` : a;
  };
  return argv.map(hide).join(' ');
}

const SENSITIVE = '(sensitive value)';
