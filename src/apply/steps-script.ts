import { SYSCTL_WRITE_FUNCTION, sysctlWriteCall, sysctlWriteOfCall } from '../../providers/sysctl/index.js';
import type { CommandResult } from '../transport/command-runner.js';
import { succeeded } from '../transport/command-runner.js';
import { STATE_WRITE_ARGV, STATE_WRITE_CALL, STATE_WRITE_FUNCTION, stateWriteOf } from './state-write.js';

/**
 * Several argv commands run as one remote command, in order, stopping at the first that fails: one
 * round trip per host step instead of one per `sysctl -w` or `ip addr` (a host that takes seconds to
 * start a command pays it once). Optionally a last "report" command (the host's re-read) runs after
 * them whatever happened, with its stdout kept and its exit status the script's. The script text is
 * constant; each command arrives as positional parameters prefixed by its argument count, and is run
 * as `"${1}" "${2}" ...` — eval only ever sees digits and quotes, never a value. Marker lines on
 * stderr tell which command each piece of error output belongs to and which failed.
 *
 * Two kinds of step start no program of their own: a sysctl write (`sysctl -q -w name=value`, as
 * sysctlWriteArgv builds it) is written into its /proc/sys file by this shell (SYSCTL_WRITE_FUNCTION),
 * and the state record write (STATE_WRITE_ARGV's script) runs as a function in this shell, not in an
 * `sh` of its own. stepsArgv passes them as calls of those functions; decodeSteps gives back the argvs.
 */
export const STEPS_CALL = 'lvsplan_steps';

/**
 * The shell functions the steps run with: SYSCTL_WRITE_FUNCTION, STATE_WRITE_FUNCTION and STEPS_CALL, which
 * runs the steps (`lvsplan_steps REPORT COUNT ARG... COUNT ARG...`) and returns the status STEPS_SCRIPT
 * exits with. It changes only its shell's variables and positional parameters, so the lock holder runs it
 * in a fork of its own (a command substitution: no `sh` started) and a standalone run calls it once.
 */
export const STEPS_FUNCTIONS = [
  SYSCTL_WRITE_FUNCTION,
  STATE_WRITE_FUNCTION,
  `${STEPS_CALL}() {`,
  'report=$1; shift',
  'i=0; rc=0',
  'while [ $# -gt 0 ]; do',
  '  n=$1; shift',
  '  words=; j=1',
  '  while [ $j -le "$n" ]; do words="$words \\"\\${$j}\\""; j=$((j+1)); done',
  '  if [ "$report" = 1 ] && [ $# -eq "$n" ]; then',
  "    printf 'lvsplan-report\\n' >&2",
  // An sh script as the report runs in this shell, its last act: no other sh is started for it.
  '    if [ "$1" = sh ] && [ "$2" = -c ] && [ "$n" -ge 3 ]; then s=$3; shift 3; [ $# -gt 0 ] && shift; eval "$s" </dev/null; return $?; fi',
  '    eval "$words" </dev/null; return $?',
  '  fi',
  '  if [ "$rc" -eq 0 ]; then',
  "    printf 'lvsplan-step %d\\n' \"$i\" >&2",
  "    eval \"$words\" >/dev/null || { rc=$?; printf 'lvsplan-step-failed %d %d\\n' \"$i\" \"$rc\" >&2; }",
  '  fi',
  '  shift "$n"; i=$((i+1))',
  'done',
  'return "$rc"',
  '}',
].join('\n');

/** The steps as a command of their own: `sh -c STEPS_SCRIPT lvsplan-steps REPORT COUNT ARG...`. */
export const STEPS_SCRIPT = `${STEPS_FUNCTIONS}\n${STEPS_CALL} "$@"`;

const STEPS_NAME = 'lvsplan-steps';

/** The argv as the script runs it: a call of one of its functions where one does the same. */
function asRun(argv: readonly string[]): readonly string[] {
  const state = stateWriteOf(argv);
  if (state) return [STATE_WRITE_CALL, state.dir, state.file];
  return sysctlWriteCall(argv) ?? argv;
}

/** The argv a step of the script stands for (asRun reversed). */
function asGiven(run: string[]): string[] {
  if (run[0] === STATE_WRITE_CALL && run.length === 3) return [...STATE_WRITE_ARGV.slice(0, 4), run[1]!, run[2]!];
  return sysctlWriteOfCall(run) ?? run;
}

const encode = (argvs: readonly (readonly string[])[]) => argvs.map(asRun).flatMap((a) => [String(a.length), ...a]);

/** What STEPS_CALL is called with: the report flag, then each command's argument count and arguments. */
export function stepsParameters(argvs: readonly (readonly string[])[], report?: readonly string[]): string[] {
  return [report ? '1' : '0', ...encode(report ? [...argvs, report] : argvs)];
}

export function stepsArgv(argvs: readonly (readonly string[])[], report?: readonly string[]): string[] {
  return ['sh', '-c', STEPS_SCRIPT, STEPS_NAME, ...stepsParameters(argvs, report)];
}

/** What a steps argv carries, or null when it is not one (for hosts simulated in tests). */
export function decodeSteps(argv: readonly string[]): { steps: string[][]; report: string[] | null } | null {
  if (argv[0] !== 'sh' || argv[2] !== STEPS_SCRIPT || argv[3] !== STEPS_NAME || (argv[4] !== '0' && argv[4] !== '1')) return null;
  const all: string[][] = [];
  for (let i = 5; i < argv.length; ) {
    const n = Number(argv[i]);
    if (!Number.isInteger(n) || n < 1 || i + 1 + n > argv.length) return null;
    all.push(asGiven(argv.slice(i + 1, i + 1 + n)));
    i += 1 + n;
  }
  if (argv[4] === '0') return { steps: all, report: null };
  return all.length === 0 ? null : { steps: all.slice(0, -1), report: all.at(-1)! };
}

export interface StepsOutcome {
  /** Each step that ran, in order, as if it had run alone (its own stderr and exit status). */
  ran: CommandResult[];
  /** Index of the step that failed (the last of `ran`), or null when every step succeeded. */
  failed: number | null;
  /** The report command's result, or null when it was not asked for or not reached. */
  report: CommandResult | null;
}

const STEP = /^lvsplan-step (\d+)$/;
const FAILED = /^lvsplan-step-failed (\d+) (\d+)$/;
const REPORT = 'lvsplan-report';

/**
 * Splits a steps run into its commands' results. The markers come from the host and are believed only
 * in order and in range; output before any marker (the connection failing, say) is the first step's.
 */
export function stepsOutcome(r: CommandResult, argvs: readonly (readonly string[])[], report?: readonly string[]): StepsOutcome {
  const lines = r.stderr.split('\n');
  const starts: number[] = [];
  const exits = new Map<number, number>();
  let reportAt = -1;
  for (let k = 0; k < lines.length && reportAt < 0; k++) {
    const line = lines[k]!;
    const step = STEP.exec(line);
    const failed = FAILED.exec(line);
    if (step && Number(step[1]) === starts.length && starts.length < argvs.length) starts.push(k);
    else if (failed && Number(failed[1]) === starts.length - 1) exits.set(starts.length - 1, Number(failed[2]));
    else if (line === REPORT && report) reportAt = k;
  }
  const ended = reportAt >= 0 ? reportAt : lines.length;
  const count = Math.max(starts.length, argvs.length > 0 ? 1 : 0);
  const ran: CommandResult[] = [];
  let failed: number | null = null;
  for (let i = 0; i < count && failed === null; i++) {
    const from = starts[i] === undefined ? 0 : starts[i]! + 1;
    const to = starts[i + 1] ?? ended;
    const stderr = lines.slice(from, to).filter((l) => !FAILED.test(l)).join('\n');
    const cut = i === count - 1 && reportAt < 0 && !exits.has(i);
    const own: CommandResult = cut ? { ...r, argv: [...argvs[i]!], stderr } : { argv: [...argvs[i]!], exitCode: exits.get(i) ?? 0, signal: null, stdout: '', stderr, durationMs: r.durationMs };
    ran.push(own);
    if (!succeeded(own)) failed = i;
  }
  const reportResult = reportAt >= 0 && report ? { ...r, argv: [...report], stderr: lines.slice(reportAt + 1).join('\n') } : null;
  return { ran, failed, report: reportResult };
}
