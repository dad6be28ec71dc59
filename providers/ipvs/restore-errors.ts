/**
 * Reading `ipvsadm -R` stderr (ipvs-reference §2.3, §4.1). ipvsadm names no line in its messages
 * and its exit status is that of the last line only, so each message is matched, in order, to the
 * batch lines whose command can produce it. What cannot be pinned to one line is reported as
 * uncertain: the caller must re-read the table to learn what happened.
 *
 * stderr comes from the host and is untrusted: messages are looked up in Maps (a line "constructor"
 * is just an unknown message) and the work is linear in stderr plus the batch, however many lines
 * fail, with candidate lines found by binary search in per-command index lists.
 */
export interface RestoreFailure {
  message: string;
  /** index into `lines` of the line that failed, when only one line can have produced the message */
  line: number | null;
  /** how many lines could have produced the message */
  candidateCount: number;
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
  /** each line some message can belong to -> the index in `failures` of the first such message */
  blame: Map<number, number>;
}

type Command = '-A' | '-E' | '-D' | '-a' | '-e' | '-d' | '-Z' | '-C';

/** Kernel (netlink) errors: the line fails and the batch continues. */
const KERNEL_MESSAGES: ReadonlyMap<string, readonly Command[]> = new Map([
  ['Service already exists', ['-A']],
  ['Scheduler or persistence engine not found', ['-A', '-E']],
  ['No such service', ['-E', '-D', '-Z']],
  ['Service not defined', ['-a', '-e', '-d']],
  ['Destination already exists', ['-a']],
  ['No such destination', ['-e', '-d']],
  ['Numerical result out of range', ['-a', '-e']],
]);
const GENERIC_KERNEL = [
  'Permission denied',
  'Invalid operation.',
  'Protocol not available',
  'Memory allocation problem',
  'Operation not supported',
  'Module is wrong version',
  'Invalid argument',
];

/** ipvsadm fail() messages: exit 2 at once, later lines never run. Each is anchored, so a test is linear. */
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
const POPT = /^(-{1,2}[A-Za-z0-9-]+): /;

/** The lines a message can come from: a key naming the class, and their indices in ascending order. */
interface CandidateClass {
  key: string;
  lines: readonly number[];
}

/** Sorted line lists per kind of message, built once per batch. */
class CandidateIndex {
  private readonly byMessage = new Map<string, number[]>();
  /** Built on the first option message (popt names the option, not the line). */
  private byToken: Map<string, number[]> | undefined;
  readonly live: number[] = [];

  constructor(private readonly lines: readonly string[]) {
    const commands = new Map<string, number[]>();
    lines.forEach((line, i) => {
      const command = commandOf(line);
      if (command === null) return;
      this.live.push(i);
      push(commands, command, i);
    });
    for (const [message, producers] of KERNEL_MESSAGES) {
      const merged = producers.flatMap((c) => commands.get(c) ?? []).sort((a, b) => a - b);
      this.byMessage.set(message, merged);
    }
  }

  classOf(message: string): CandidateClass {
    const kernel = this.byMessage.get(message);
    if (kernel) return { key: `kernel:${message}`, lines: kernel };
    if (GENERIC_KERNEL.some((g) => message.startsWith(g))) return { key: 'any', lines: this.live };
    const popt = POPT.exec(message);
    if (popt) return { key: `option:${popt[1]!}`, lines: this.tokenIndex().get(popt[1]!) ?? [] };
    return { key: 'any', lines: this.live };
  }

  private tokenIndex(): Map<string, number[]> {
    if (this.byToken) return this.byToken;
    const index = new Map<string, number[]>();
    for (const i of this.live) for (const t of new Set(tokensOf(this.lines[i]!))) push(index, t, i);
    this.byToken = index;
    return index;
  }
}

interface Placed {
  cls: CandidateClass;
  /** position in cls.lines of the first candidate */
  start: number;
}

export function parseRestoreErrors(stderr: string, lines: readonly string[], exitCode?: number): RestoreReport {
  const index = new CandidateIndex(lines);
  const failures: RestoreFailure[] = [];
  const placed: Placed[] = [];
  let abort: RestoreAbort | null = null;
  let from = 0;
  for (const message of messagesOf(stderr)) {
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
    const cls = index.classOf(message);
    const start = lowerBound(cls.lines, from);
    const count = cls.lines.length - start;
    failures.push({ message, line: count === 1 ? cls.lines[start]! : null, candidateCount: count });
    placed.push({ cls, start });
    if (count > 0) from = cls.lines[start]! + 1;
  }
  const lastLine = index.live[index.live.length - 1];
  const excludeLast = !abort && exitCode === 0 && lastLine !== undefined;
  if (!abort && exitCode !== undefined && lastLine !== undefined) pinLastLine(failures, placed, lastLine, exitCode);
  const { blame, doubtful } = blameLines(failures, placed, excludeLast ? lastLine : undefined);
  return { failures, abort, blame, ...outcomes(index.live, failures, doubtful, abort, from) };
}

/**
 * The exit status is the last line's: without an abort, a failing exit pins the last message to the
 * last line, and exit 0 clears the last line of every message.
 */
function pinLastLine(failures: RestoreFailure[], placed: readonly Placed[], lastLine: number, exitCode: number): void {
  const hasLast = (p: Placed) => p.start < p.cls.lines.length && p.cls.lines[p.cls.lines.length - 1] === lastLine;
  if (exitCode === 0) {
    failures.forEach((f, k) => {
      const p = placed[k]!;
      if (!hasLast(p)) return;
      f.candidateCount -= 1;
      f.line = f.candidateCount === 1 ? p.cls.lines[p.start]! : null;
    });
    return;
  }
  const k = failures.length - 1;
  if (k >= 0 && hasLast(placed[k]!)) failures[k]!.line = lastLine;
}

/** For every line, the first message that can be its; `doubtful` holds the lines only ambiguous messages name. */
function blameLines(failures: readonly RestoreFailure[], placed: readonly Placed[], excluded: number | undefined) {
  const blame = new Map<number, number>();
  const doubtful = new Set<number>();
  const firstOfClass = new Map<string, number>();
  failures.forEach((f, k) => {
    if (f.line !== null) {
      if (!blame.has(f.line)) blame.set(f.line, k);
    } else if (!firstOfClass.has(placed[k]!.cls.key)) firstOfClass.set(placed[k]!.cls.key, k);
  });
  // Messages arrive in line order, so a class's first ambiguous message covers every line a later one could.
  for (const k of firstOfClass.values()) {
    const { cls, start } = placed[k]!;
    for (let j = start; j < cls.lines.length; j += 1) {
      const line = cls.lines[j]!;
      if (line === excluded) continue;
      doubtful.add(line);
      const earlier = blame.get(line);
      if (earlier === undefined || earlier > k) blame.set(line, k);
    }
  }
  return { blame, doubtful };
}

function outcomes(live: readonly number[], failures: readonly RestoreFailure[], doubtful: ReadonlySet<number>, abort: RestoreAbort | null, from: number) {
  const failed = new Set<number>();
  for (const f of failures) if (f.line !== null) failed.add(f.line);
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

function messagesOf(stderr: string): string[] {
  return stderr.split('\n').map((m) => m.trim()).filter((m) => m !== '');
}

/** A batch line's words, "ipvsadm" words dropped as ipvsadm does; the first is the command option. */
function tokensOf(line: string): string[] {
  return line.split(/[ \t\r]+/).filter((t) => t !== '' && t !== 'ipvsadm');
}

/** The command option of a batch line, or null for a blank line. */
function commandOf(line: string): string | null {
  return tokensOf(line)[0] ?? null;
}

function push(m: Map<string, number[]>, key: string, i: number): void {
  const list = m.get(key);
  if (list) list.push(i);
  else m.set(key, [i]);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
