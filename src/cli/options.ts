import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from './context.js';
import { parseDurationMs } from './duration.js';

export const DEFAULT_PARALLELISM = 10;

export function parseParallelism(v: string): number {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError(`-parallelism must be a whole number from 1 to 1000, got "${v}".`);
  return n;
}

/** Terraform's boolean flags take `=true` / `=false` (`-input=false`); the bare flag means true. */
export function parseBool(v: string): boolean {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new InvalidArgumentError(`"${v}" is not a boolean; write true or false.`);
}

export function parseLockTimeout(v: string): number {
  const ms = parseDurationMs(v);
  if (ms === null) throw new InvalidArgumentError(`"${v}" is not a duration; write it like 30s, 2m or 0s.`);
  return ms;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

export function addVariableOptions(cmd: Command, ctx: CliContext): Command {
  return cmd
    .option('--var <name=value>', 'set a variable (repeatable)', (v: string) => {
      ctx.variables.push({ kind: 'var', value: v });
      return v;
    })
    .option('--var-file <file>', 'read variables from a file (repeatable)', (v: string) => {
      ctx.variables.push({ kind: 'var-file', path: v });
      return v;
    });
}

/** What plan, apply and destroy share. */
export interface PlanningFlags {
  target: string[];
  replace: string[];
  refreshOnly?: boolean;
  parallelism: number;
  input: boolean;
  compactWarnings?: boolean;
  color?: boolean;
}

export function addPlanningOptions(cmd: Command, ctx: CliContext): Command {
  return addVariableOptions(cmd, ctx)
    .option('--target <address>', 'limit planning to a resource and what it depends on (repeatable)', collect, [])
    .option('--refresh-only', 'only record drift (changes made outside lvsplan) into the state records; change nothing on the hosts')
    .option('--replace <address>', 'delete and create again this service or destination (repeatable)', collect, [])
    .option('--parallelism <n>', 'hosts read and changed at once', parseParallelism, DEFAULT_PARALLELISM)
    .option('--input <bool>', 'ask for required variables without a value (on a terminal)', parseBool, true)
    .option('--compact-warnings', 'show warnings as a short list')
    .option('--no-color', 'disable colour output');
}

/** Flags written `-name=value` whose bare form `-name` means `-name=true`. */
export const BOOLEAN_VALUE_FLAGS = new Set(['input', 'lock']);

export interface LockFlags {
  lock: boolean;
  lockTimeout: number;
}

export function addLockOptions(cmd: Command): Command {
  return cmd
    .option('--lock <bool>', "take the hosts' apply locks (false: do not; only when nothing else can change them)", parseBool, true)
    .option('--lock-timeout <duration>', 'how long to wait for another apply to release a host (e.g. 30s)', parseLockTimeout, 0);
}
