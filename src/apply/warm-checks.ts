import { PassThrough } from 'node:stream';
import { ROUND_DONE, type CheckRun } from '../../providers/health/check-script.js';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import type { CheckRoundRunner } from './health-checks.js';

/** Output after which a check process is replaced between rounds (the runner keeps a command's whole output). */
const RECYCLE_AFTER_BYTES = 4 * 1024 * 1024;

/**
 * One long-lived check process per director for `lvsplan watch`: a round is written to its stdin and
 * answered on its stdout, so no process starts per round (over ssh, the connection stays warm too). A
 * process that ended is started again at the next round; one that dies or overruns during a round is
 * that round's failure, as a one-shot run's would be.
 */
export class WarmChecks {
  private readonly sessions = new Map<string, Session>();
  /** How many check processes were started (what the warmth saves is the rest of the rounds). */
  started = 0;

  readonly run: CheckRoundRunner = async (host, runner, run) => {
    let s = this.sessions.get(host);
    if (s && (s.runner !== runner || s.ended)) {
      await s.stop();
      s = undefined;
    }
    if (!s) {
      s = new Session(runner, run.argv);
      this.started++;
      this.sessions.set(host, s);
    }
    const r = await s.round(run);
    if (s.ended || s.printed > RECYCLE_AFTER_BYTES) {
      this.sessions.delete(host);
      void s.stop();
    }
    return r;
  };

  /** Ends every check process (their stdin closes; each exits after its round). */
  async close(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.stop()));
  }
}

class Session {
  private readonly input = new PassThrough();
  private readonly abort = new AbortController();
  private readonly done: Promise<CommandResult>;
  private out = '';
  private answered: (() => void) | null = null;
  ended = false;
  printed = 0;

  constructor(
    readonly runner: CommandRunner,
    argv: readonly string[],
  ) {
    this.done = runner.run([...argv], {
      input: this.input,
      signal: this.abort.signal,
      onStdout: (text) => {
        this.out += text;
        this.printed += text.length;
        if (this.out === `${ROUND_DONE}\n` || this.out.endsWith(`\n${ROUND_DONE}\n`)) this.answered?.();
      },
    });
    void this.done.then(() => (this.ended = true));
  }

  async round(run: CheckRun): Promise<CommandResult> {
    const started = performance.now();
    this.out = '';
    const answered = new Promise<null>((resolve) => (this.answered = () => resolve(null)));
    let overran = false;
    const limit = setTimeout(() => {
      overran = true;
      this.abort.abort();
    }, run.timeoutMs);
    this.input.write(run.stdin);
    const r = await Promise.race([answered, this.done]);
    clearTimeout(limit);
    this.answered = null;
    if (r !== null) {
      this.ended = true;
      return overran ? { ...r, timedOut: true } : r;
    }
    return { argv: [...run.argv], exitCode: 0, signal: null, stdout: this.out, stderr: '', durationMs: performance.now() - started };
  }

  async stop(): Promise<void> {
    this.input.end();
    // A process that does not end at the end of its stdin (a check still hanging) is killed.
    const bound = new Promise<null>((resolve) => setTimeout(resolve, 5000, null).unref());
    if ((await Promise.race([this.done, bound])) === null) this.abort.abort();
    await this.done;
  }
}
