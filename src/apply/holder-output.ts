import { ANSWERS_REQUESTS, FRAME_BEGIN, FRAME_END, FRAME_STDERR, HOLD_RELEASED, LOCKED_LINE } from './lock-script.js';

/** One answer of the lock holder (or its read): the command's stdout and stderr, exact, and its status. */
export interface Frame {
  id: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What the holder printed before "locked": its read, whether it released a hold, whether it answers requests. */
export interface HolderReport {
  read: Frame | null;
  holdReleased: boolean;
  answersRequests: boolean;
}

export interface HolderOutputEvents {
  /** The read's frame began: the lock is held. */
  onReadStarted?: () => void;
  onLocked: (report: HolderReport) => void;
  /** An answer, in the order the requests were expected (expect()). */
  onFrame: (frame: Frame) => void;
  /** The holder printed something that is not its protocol: nothing more is read. */
  onError: (why: string) => void;
}

/** Text up to a needle, fed in pieces: each piece is searched once (with the needle's length of the one before). */
class Until {
  private readonly parts: string[] = [];
  private length = 0;
  private tail = '';

  constructor(private readonly needle: string) {}

  get size(): number {
    return this.length;
  }

  /** The text before the needle and what followed it, once the needle has come; else null. */
  push(text: string): [string, string] | null {
    const window = this.tail + text;
    const at = window.indexOf(this.needle);
    if (at < 0) {
      this.parts.push(text);
      this.length += text.length;
      this.tail = window.slice(Math.max(0, window.length - this.needle.length + 1));
      return null;
    }
    const all = this.parts.join('') + text;
    const cut = this.length - this.tail.length + at;
    return [all.slice(0, cut), all.slice(cut + this.needle.length)];
  }
}

/** A protocol line (a frame's begin, a status line) is short: anything longer is not the holder's. */
const MAX_LINE = 4096;

/**
 * The one reader of a lock holder's stdout (lock-script.ts): the read's frame, the hold and requests lines
 * and "locked", then one frame per request in the order the requests were made (expect()), each naming
 * its request's id. A frame's stdout and stderr are found by their end markers, which carry that id, so
 * no output can end a frame early; an output larger than `limit` characters, a line that is not the
 * protocol's or a frame for another id stops the reading (onError).
 */
export class HolderOutput {
  private state: { kind: 'line' } | { kind: 'stdout' | 'stderr'; id: string; until: Until; stdout?: string } | { kind: 'status'; id: string; stdout: string; stderr: string } | { kind: 'failed' } = { kind: 'line' };
  private pending = '';
  private locked = false;
  private readonly report: HolderReport = { read: null, holdReleased: false, answersRequests: false };
  private readonly expected: string[] = [];

  constructor(
    /** The id of the read's frame, or null when no read was asked for. */
    private readonly readId: string | null,
    private readonly limit: number,
    private readonly events: HolderOutputEvents,
  ) {}

  /** A request was made: its answer is the next frame after those expected before it. */
  expect(id: string): void {
    this.expected.push(id);
  }

  feed(text: string): void {
    while (text !== '' && this.state.kind !== 'failed') text = this.step(text);
  }

  /** Consumes what the current state can of `text`; returns the rest. */
  private step(text: string): string {
    const s = this.state;
    if (s.kind === 'stdout' || s.kind === 'stderr') {
      const found = s.until.push(text);
      if (!found) {
        if (s.until.size > this.limit) this.fail(`an answer (${s.id}) larger than ${this.limit} characters`);
        return '';
      }
      const [body, rest] = found;
      this.state = s.kind === 'stdout' ? { kind: 'stderr', id: s.id, until: new Until(`\n${FRAME_END} ${s.id} `), stdout: body } : { kind: 'status', id: s.id, stdout: s.stdout!, stderr: body };
      return rest;
    }
    const nl = text.indexOf('\n');
    if (nl < 0) {
      this.pending += text;
      if (this.pending.length > MAX_LINE) this.fail(`a line longer than ${MAX_LINE} characters: ${this.pending.slice(0, 80)}...`);
      return '';
    }
    const line = this.pending + text.slice(0, nl);
    this.pending = '';
    this.line(line);
    return text.slice(nl + 1);
  }

  private line(line: string): void {
    const s = this.state;
    if (s.kind === 'status') {
      if (!/^\d+$/.test(line)) return this.fail(`a frame's status that is not a number: ${line}`);
      this.state = { kind: 'line' };
      return this.frame({ id: s.id, stdout: s.stdout, stderr: s.stderr, exitCode: Number(line) });
    }
    const begin = line.startsWith(`${FRAME_BEGIN} `) ? line.slice(FRAME_BEGIN.length + 1) : null;
    if (begin !== null) {
      const want = this.locked ? this.expected[0] : this.readId !== null && this.report.read === null ? this.readId : undefined;
      if (begin !== want) return this.fail(`an answer to ${begin} where ${want === undefined ? 'none was asked for' : `${want} was due`}`);
      this.state = { kind: 'stdout', id: begin, until: new Until(`\n${FRAME_STDERR} ${begin}\n`) };
      if (!this.locked) this.events.onReadStarted?.();
      return;
    }
    if (!this.locked && line === HOLD_RELEASED) this.report.holdReleased = true;
    else if (!this.locked && line === ANSWERS_REQUESTS) this.report.answersRequests = true;
    else if (!this.locked && line === LOCKED_LINE && (this.readId === null || this.report.read !== null)) {
      this.locked = true;
      this.events.onLocked(this.report);
    } else this.fail(`a line that is not the lock holder's: ${line.slice(0, 200)}`);
  }

  private frame(f: Frame): void {
    if (!this.locked) {
      this.report.read = f;
      return;
    }
    this.expected.shift();
    this.events.onFrame(f);
  }

  private fail(why: string): void {
    this.state = { kind: 'failed' };
    this.events.onError(`the lock holder printed ${why}`);
  }
}
