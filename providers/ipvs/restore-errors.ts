/**
 * Reading `ipvsadm -R` stderr (ipvs-reference §2.3, §4.1). ipvsadm names no line in its messages
 * and its exit status is that of the last line only, so each message is matched, in order, to the
 * batch lines whose command can produce it. What cannot be pinned to one line is reported as
 * uncertain: the caller must re-read the table to learn what happened.
 */
export interface RestoreFailure {
  message: string;
  /** index into `lines` of the line that failed, when only one line can have produced the message */
  line: number | null;
  /** every line that could have produced the message */
  candidates: number[];
}

export interface RestoreAbort {
  message: string;
  /** init: ipvs unavailable, nothing ran; validation: ipvsadm's fail() exit 2; usage: no command / help, exit 255 */
  kind: 'init' | 'validation' | 'usage';
}

export interface RestoreReport {
  failures: RestoreFailure[];
  abort: RestoreAbort | null;
  /** lines that certainly ran without error */
  succeeded: number[];
  /** lines whose outcome stderr cannot tell (ambiguous failures, lines at or after an abort) */
  uncertain: number[];
}

type Command = '-A' | '-E' | '-D' | '-a' | '-e' | '-d' | '-Z' | '-C';

/** Kernel (netlink) errors: the line fails and the batch continues. */
const KERNEL_MESSAGES: Record<string, readonly Command[]> = {
  'Service already exists': ['-A'],
  'Scheduler or persistence engine not found': ['-A', '-E'],
  'No such service': ['-E', '-D', '-Z'],
  'Service not defined': ['-a', '-e', '-d'],
  'Destination already exists': ['-a'],
  'No such destination': ['-e', '-d'],
  'Numerical result out of range': ['-a', '-e'],
};
const ANY: readonly Command[] = ['-A', '-E', '-D', '-a', '-e', '-d', '-Z', '-C'];
const GENERIC_KERNEL = [
  'Permission denied',
  'Invalid operation.',
  'Protocol not available',
  'Memory allocation problem',
  'Operation not supported',
  'Module is wrong version',
  'Invalid argument',
];

/** ipvsadm fail() messages: exit 2 at once, later lines never run. */
const VALIDATION = [
  /^illegal /,
  /^invalid /,
  /^Zero port specified/,
  /^Different address family/,
  /^multiple '.*' options specified/,
  /^You need to supply/,
  /^incompatible scheduler flag/,
  /^Tunnel options conflict/,
  /^-6 used before -f/,
  /^unexpected argument/,
  /^One-Packet Scheduling/,
  /^Illegal '.*' option/,
  /^options conflicts/,
  /^No service specified/,
];
const POPT = /^(-{1,2}[A-Za-z0-9-]+): (unknown option|missing argument|.*)$/;

export function parseRestoreErrors(stderr: string, lines: readonly string[], exitCode?: number): RestoreReport {
  const commands = lines.map(commandOf);
  const live = commands.flatMap((c, i) => (c === null ? [] : [i]));
  const failures: RestoreFailure[] = [];
  let abort: RestoreAbort | null = null;
  let from = 0;
  const messages = stderr.split('\n').map((m) => m.replace(/\r$/, '').trim()).filter((m) => m !== '');
  for (const message of messages) {
    if (message.startsWith("Can't initialize ipvs")) {
      abort = { message, kind: 'init' };
      from = 0;
      break;
    }
    if (message.startsWith('Are you sure that IP Virtual Server')) continue;
    if (message.startsWith('Try `ipvsadm -h') || message.startsWith('Usage:')) {
      abort = { message, kind: 'usage' };
      break;
    }
    if (VALIDATION.some((re) => re.test(message))) {
      abort = { message, kind: 'validation' };
      break;
    }
    const popt = POPT.exec(message);
    const producible = KERNEL_MESSAGES[message] ?? (GENERIC_KERNEL.some((g) => message.startsWith(g)) ? ANY : null);
    const candidates = live.filter((i) => {
      if (i < from) return false;
      if (producible) return producible === ANY || producible.includes(commands[i] as Command);
      if (popt) return lines[i]!.split(/[ \t\r]+/).includes(popt[1]!);
      return true;
    });
    failures.push({ message, line: candidates.length === 1 ? candidates[0]! : null, candidates });
    if (candidates.length > 0) from = candidates[0]! + 1;
  }
  pinLastLine(failures, live, abort, exitCode);
  return { failures, abort, ...outcomes(live, failures, abort, from) };
}

/**
 * The exit status is the last line's: without an abort, a failing exit pins the last message to the
 * last line, and exit 0 clears the last line of every message.
 */
function pinLastLine(failures: RestoreFailure[], live: number[], abort: RestoreAbort | null, exitCode?: number): void {
  const lastLine = live[live.length - 1];
  if (abort || exitCode === undefined || lastLine === undefined || failures.length === 0) return;
  if (exitCode === 0) {
    for (const f of failures) {
      f.candidates = f.candidates.filter((c) => c !== lastLine);
      f.line = f.candidates.length === 1 ? f.candidates[0]! : null;
    }
    return;
  }
  const last = failures[failures.length - 1]!;
  if (last.candidates.includes(lastLine)) last.line = lastLine;
}

function outcomes(live: number[], failures: RestoreFailure[], abort: RestoreAbort | null, from: number) {
  const failed = new Set<number>();
  const doubtful = new Set<number>();
  for (const f of failures) {
    if (f.line !== null) failed.add(f.line);
    else for (const c of f.candidates) doubtful.add(c);
  }
  const boundary = abort ? (abort.kind === 'init' ? 0 : from) : Infinity;
  const succeeded: number[] = [];
  const uncertain: number[] = [];
  for (const i of live) {
    if (failed.has(i)) continue;
    if (i >= boundary || doubtful.has(i)) uncertain.push(i);
    else succeeded.push(i);
  }
  return { succeeded, uncertain };
}

/** The command option of a batch line (its first token, "ipvsadm" words dropped as ipvsadm does), or null for a blank line. */
function commandOf(line: string): string | null {
  const tokens = line.split(/[ \t\r]+/).filter((t) => t !== '' && t !== 'ipvsadm');
  return tokens[0] ?? null;
}
