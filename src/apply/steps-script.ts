import type { CommandResult } from '../transport/command-runner.js';
import { succeeded } from '../transport/command-runner.js';

/**
 * Several argv commands run as one remote command, in order, stopping at the first that fails: one
 * round trip per host step instead of one per `sysctl -w` or `ip addr` (a host that takes seconds to
 * start a command pays it once). The script text is constant; each command arrives as positional
 * parameters prefixed by its argument count, and is run as `"${1}" "${2}" ...` — eval only ever sees
 * digits and quotes, never a value. Before each command a marker line goes to stderr, so the failing
 * command and its own error output can be told apart from the others'.
 */
export const STEPS_SCRIPT = [
  'i=0',
  'while [ $# -gt 0 ]; do',
  '  n=$1; shift',
  '  words=; j=1',
  '  while [ $j -le "$n" ]; do words="$words \\"\\${$j}\\""; j=$((j+1)); done',
  '  printf \'lvsplan-step %d\\n\' "$i" >&2',
  '  eval "$words" >/dev/null || { rc=$?; printf \'lvsplan-step-failed %d %d\\n\' "$i" "$rc" >&2; exit "$rc"; }',
  '  shift "$n"; i=$((i+1))',
  'done',
].join('\n');

const STEPS_NAME = 'lvsplan-steps';

export function stepsArgv(argvs: readonly (readonly string[])[]): string[] {
  return ['sh', '-c', STEPS_SCRIPT, STEPS_NAME, ...argvs.flatMap((a) => [String(a.length), ...a])];
}

/** The commands a steps argv carries, or null when it is not one (for hosts simulated in tests). */
export function decodeSteps(argv: readonly string[]): string[][] | null {
  if (argv[0] !== 'sh' || argv[2] !== STEPS_SCRIPT || argv[3] !== STEPS_NAME) return null;
  const out: string[][] = [];
  for (let i = 4; i < argv.length; ) {
    const n = Number(argv[i]);
    if (!Number.isInteger(n) || n < 1 || i + 1 + n > argv.length) return null;
    out.push(argv.slice(i + 1, i + 1 + n));
    i += 1 + n;
  }
  return out;
}

/** The failing command of a steps run: its index and its result as if it had run alone. */
export interface StepFailure {
  index: number;
  result: CommandResult;
}

const MARKER = /^lvsplan-step (\d+)$/;
const FAILED = /^lvsplan-step-failed (\d+) (\d+)$/;

/**
 * Which command failed, or null when all ran. The markers come from the host and are only believed
 * within range; when the run failed before any marker (the connection, say) the first command is
 * blamed and the others did not run.
 */
export function stepFailure(r: CommandResult, argvs: readonly (readonly string[])[]): StepFailure | null {
  if (succeeded(r)) return null;
  const lines = r.stderr.split('\n');
  let index = 0;
  let from = 0;
  let exitCode = r.exitCode;
  for (let k = 0; k < lines.length; k++) {
    const marker = MARKER.exec(lines[k]!);
    if (marker && Number(marker[1]) < argvs.length && Number(marker[1]) >= index) {
      index = Number(marker[1]);
      from = k + 1;
    }
    const failed = FAILED.exec(lines[k]!);
    if (failed && Number(failed[1]) === index) exitCode = Number(failed[2]);
  }
  const own = lines.slice(from).filter((l) => !FAILED.test(l) && !MARKER.test(l)).join('\n');
  return { index, result: { ...r, argv: [...argvs[index]!], exitCode, stderr: own } };
}
