import type { ResourceChange } from '../plan/types.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { succeeded } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import type { Built, CommandBuilders } from './ports.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';

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

/**
 * Runs the commands one by one; the first failure stops them and is returned. The failure names the
 * command with the change's sensitive values (a sysctl value from a sensitive variable) hidden.
 */
export async function runArgvs(runner: CommandRunner, argvs: readonly string[][], c?: ResourceChange): Promise<string | null> {
  for (const argv of argvs) {
    const r = await runner.run(argv, { timeoutMs: HOST_COMMAND_LIMIT_MS });
    if (!succeeded(r)) return describeFailure(r, c ? shownArgv(argv, c) : undefined);
  }
  return null;
}

function shownArgv(argv: readonly string[], c: ResourceChange): string {
  const hidden = (c.sensitive ?? []).flatMap((k) => [c.after?.[k], c.before?.[k]]).filter((v): v is string => typeof v === 'string' && v !== '');
  return argv.map((a) => hidden.reduce((text, v) => text.split(v).join('(sensitive value)'), a)).join(' ');
}
