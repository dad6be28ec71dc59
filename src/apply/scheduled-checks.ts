import { PassThrough } from 'node:stream';
import { armLines, buildSchedule, CHECK_ARGV, EDIT_PRESTART, ROUND_DONE, type CheckArm } from '../../providers/health/check-script.js';
import { parseDisarmedLine, parseEditedLine, parseResultLine, parseRoundLine, type ArmedEditOutcome, type RoundTiming } from '../../providers/health/parse-results.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { BackendCheck, CheckResult } from '../model/health.js';
import type { HostSpec } from '../model/hosts.js';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { RECYCLE_AFTER_BYTES } from '../transport/warm-session.js';
import { checkRunFailure, checksDiag, missingToolsDiag } from './health-checks.js';

/** What a director's scheduled checks report, as their lines arrive. */
export interface ScheduleEvents {
  /** A check's result, with the round it came from (what CheckArm.after names). */
  onResult: (check: BackendCheck, result: CheckResult, round: number) => void;
  /** What came of an armed check's edit, given before that check's result. */
  onEdited: (check: BackendCheck, outcome: ArmedEditOutcome) => void;
  /** A round's end there: the director's checks, the results of those that ran in it, and its timing. */
  onRound: (host: string, checks: readonly BackendCheck[], results: ReadonlyMap<BackendCheck, CheckResult>, timing: RoundTiming | null) => void;
  /** A director that cannot run its checks (its process failed or ended, or a tool is missing), each time it is found. */
  onError: (d: Diagnostic) => void;
}

/**
 * `lvsplan watch`'s check processes: one per director, sent its checks once, which then runs their rounds on the
 * director's own clock (check-script.ts's SCHEDULE) and streams each result back as it ends; so a late lvsplan (busy
 * planning, its timers late) delays no check. A process that fails is a diagnostic and is started again an interval
 * later; one that has printed much is replaced at a round's end.
 */
export class ScheduledChecks {
  private readonly procs = new Map<string, CheckProcess>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private closed = false;
  /** How many check processes were started. */
  started = 0;

  constructor(private readonly events: ScheduleEvents) {}

  /** Starts `host`'s check process running `checks` (every one from that director). */
  start(host: HostSpec, runner: CommandRunner, checks: readonly BackendCheck[]): void {
    if (this.closed || checks.length === 0) return;
    this.started++;
    const p = new CheckProcess(host, runner, checks, this.events);
    this.procs.set(host.name, p);
    void p.done.then((res) => {
      if (this.procs.get(host.name) !== p) return;
      this.procs.delete(host.name);
      if (this.closed) return;
      if (!p.recycled) this.events.onError(checkRunFailure(host.name, host, res) ?? checksDiag(host, `Its check process ended (exit ${res.exitCode ?? res.signal}).`));
      const t = setTimeout(() => {
        this.restarts.delete(t);
        this.start(host, runner, checks);
      }, p.recycled ? 0 : Math.min(...checks.map((c) => c.spec.intervalMs)));
      this.restarts.add(t);
    });
  }

  /** Has a director's check process start the `ipvsadm -R` of an armed edit that may come (see CheckArm), between its rounds. */
  prestartEdit(host: string): void {
    this.procs.get(host)?.write(`${EDIT_PRESTART}\n`);
  }

  /**
   * Arms a scheduled check (see CheckArm): resolves once the arm can make no edit any more (see CheckProcess.arms);
   * null when it was not sent (no process, or an edit the script cannot take).
   */
  arm(host: string, arm: CheckArm): Promise<void> | null {
    return this.procs.get(host)?.arm(arm) ?? null;
  }

  /** Ends every check process: its stdin closes, it exits after a round in progress (an armed edit is never cut). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.restarts) clearTimeout(t);
    this.restarts.clear();
    const all = [...this.procs.values()];
    this.procs.clear();
    await Promise.all(all.map((p) => p.stop()));
  }
}

class CheckProcess {
  private readonly input = new PassThrough();
  private readonly abort = new AbortController();
  readonly done: Promise<CommandResult>;
  private partial = '';
  private printed = 0;
  /** The last round whose "@@round" line came: results that come now are of the next. */
  private lastRound = 0;
  private round = new Map<BackendCheck, CheckResult>();
  private timing: RoundTiming | null = null;
  /**
   * The arm sent and not yet over, by check index: its end. An arm is over at its "@@edited" line (the edit was made or
   * refused), at a failing result of its check without that line before it (that round was not armed: the arm came
   * late, and the script drops it), at its "@@disarmed" line, or when the process ends.
   */
  private readonly arms = new Map<number, () => void>();
  private watchdog: NodeJS.Timeout | null = null;
  private readonly silenceMs: number;
  /** Ended by lvsplan because it printed much (not a failure). */
  recycled = false;

  constructor(
    private readonly host: HostSpec,
    runner: CommandRunner,
    private readonly checks: readonly BackendCheck[],
    private readonly events: ScheduleEvents,
  ) {
    const schedule = buildSchedule(checks);
    // Silence longer than a round can take, plus the longest wait for one, is a hung process (a connection dead without a reset).
    this.silenceMs = schedule.roundBoundMs + Math.max(...checks.map((c) => c.spec.intervalMs));
    this.done = runner.run([...CHECK_ARGV], { input: this.input, signal: this.abort.signal, onStdout: (text) => this.output(text) });
    void this.done.then(() => {
      if (this.watchdog) clearTimeout(this.watchdog);
      for (const end of this.arms.values()) end();
      this.arms.clear();
    });
    this.input.write(schedule.stdin);
    this.watch();
  }

  write(text: string): void {
    if (!this.input.writableEnded) this.input.write(text);
  }

  arm(a: CheckArm): Promise<void> | null {
    const lines = armLines(this.checks, a);
    if (lines === null || this.input.writableEnded) return null;
    this.arms.get(a.index)?.();
    const over = new Promise<void>((resolve) => this.arms.set(a.index, resolve));
    this.write(lines);
    return over;
  }

  async stop(): Promise<void> {
    this.input.end();
    // A process that does not end at the end of its stdin (a round still hanging) is killed.
    const bound = new Promise<null>((resolve) => setTimeout(resolve, 5000, null).unref());
    if ((await Promise.race([this.done, bound])) === null) this.abort.abort();
    await this.done;
  }

  private disarm(index: number): void {
    this.arms.get(index)?.();
    this.arms.delete(index);
  }

  private watch(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.abort.abort(), this.silenceMs);
    this.watchdog.unref();
  }

  private output(text: string): void {
    this.watch();
    this.printed += text.length;
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    const r = parseResultLine(this.checks, line);
    if (r) {
      if (!r.result.healthy) this.disarm(r.index);
      const c = this.checks[r.index]!;
      this.round.set(c, r.result);
      this.events.onResult(c, r.result, this.lastRound + 1);
      return;
    }
    const edited = parseEditedLine(line);
    if (edited && this.checks[edited.index]) {
      this.events.onEdited(this.checks[edited.index]!, edited);
      return this.disarm(edited.index);
    }
    const timing = parseRoundLine(this.checks.length, line);
    if (timing) {
      this.lastRound = timing.seq;
      this.timing = timing;
      return;
    }
    const disarmed = parseDisarmedLine(line);
    if (disarmed !== null) return this.disarm(disarmed);
    const missing = /^@@missing (.*)$/.exec(line);
    if (missing) return this.events.onError(missingToolsDiag(this.host.name, this.host, missing[1]!.trim().split(/\s+/)));
    if (line === ROUND_DONE) {
      if (this.round.size > 0) this.events.onRound(this.host.name, this.checks, this.round, this.timing);
      this.round = new Map();
      this.timing = null;
      if (this.printed > RECYCLE_AFTER_BYTES && this.arms.size === 0 && !this.recycled) {
        this.recycled = true;
        void this.stop();
      }
    }
  }
}
