import { PassThrough } from 'node:stream';
import type { CommandResult, CommandRunner } from './command-runner.js';

/** Output after which a long-lived process is replaced between exchanges (the runner keeps a command's whole output). */
export const RECYCLE_AFTER_BYTES = 4 * 1024 * 1024;

/** One exchange with a long-lived process: what to write, when its answer is whole, how long it may take. */
export interface Exchange {
  argv: readonly string[];
  stdin: string;
  /** True once `printed` (the process's stdout since the request was written) holds the whole answer. */
  answered: (printed: string) => boolean;
  timeoutMs: number;
  /** Each piece of the answer as it arrives (to act on its first lines before the whole answer is in). */
  onOutput?: (text: string) => void;
}

/**
 * One long-lived process per host, each request written to its stdin and answered on its stdout, so no
 * process starts per request (over ssh, no session either). A process that ended, or runs another argv
 * or runner, is started again at the next request; one that dies or overruns during a request is that
 * request's failure, as a one-shot run's would be. Requests to one host wait for each other.
 */
export class WarmSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** How many processes were started (what the warmth saves is the rest of the requests). */
  started = 0;

  exchange(host: string, runner: CommandRunner, x: Exchange): Promise<CommandResult> {
    return this.inTurn(host, () => this.run(host, runner, x));
  }

  /** Starts the host's process ahead of its first request (so that request pays no start), unless it runs. */
  prepare(host: string, runner: CommandRunner, argv: readonly string[]): Promise<void> {
    return this.inTurn(host, async () => void (await this.session(host, runner, argv)));
  }

  /** Writes a request that has no answer, in its turn among the host's requests (starting the process unless it runs). */
  tell(host: string, runner: CommandRunner, argv: readonly string[], text: string): Promise<void> {
    return this.inTurn(host, async () => (await this.session(host, runner, argv)).write(text));
  }

  private inTurn<T>(host: string, step: () => Promise<T>): Promise<T> {
    const turn = (this.queues.get(host) ?? Promise.resolve()).then(step);
    this.queues.set(host, turn.catch(() => undefined));
    return turn;
  }

  private async session(host: string, runner: CommandRunner, argv: readonly string[]): Promise<Session> {
    let s = this.sessions.get(host);
    if (s && (s.runner !== runner || s.ended || s.argv.join('\0') !== argv.join('\0'))) {
      this.sessions.delete(host);
      await s.stop();
      s = undefined;
    }
    if (!s) {
      s = new Session(runner, argv);
      this.started++;
      this.sessions.set(host, s);
    }
    return s;
  }

  private async run(host: string, runner: CommandRunner, x: Exchange): Promise<CommandResult> {
    const s = await this.session(host, runner, x.argv);
    const r = await s.exchange(x);
    if (s.ended || s.printed > RECYCLE_AFTER_BYTES) {
      this.sessions.delete(host);
      void s.stop();
    }
    return r;
  }

  /** Ends every process (their stdin closes; each exits after its request in progress). */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()]);
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
  private onOutput: ((text: string) => void) | null = null;
  ended = false;
  printed = 0;

  constructor(
    readonly runner: CommandRunner,
    readonly argv: readonly string[],
  ) {
    this.done = runner.run([...argv], {
      input: this.input,
      signal: this.abort.signal,
      onStdout: (text) => {
        this.out += text;
        this.printed += text.length;
        this.onOutput?.(text);
      },
    });
    void this.done.then(() => (this.ended = true));
  }

  write(text: string): void {
    this.input.write(text);
  }

  async exchange(x: Exchange): Promise<CommandResult> {
    const started = performance.now();
    this.out = '';
    const answered = new Promise<null>(
      (resolve) =>
        (this.onOutput = (text) => {
          x.onOutput?.(text);
          if (x.answered(this.out)) resolve(null);
        }),
    );
    let overran = false;
    const limit = setTimeout(() => {
      overran = true;
      this.abort.abort();
    }, x.timeoutMs);
    this.input.write(x.stdin);
    const r = await Promise.race([answered, this.done]);
    clearTimeout(limit);
    this.onOutput = null;
    if (r !== null) {
      this.ended = true;
      return overran ? { ...r, timedOut: true } : r;
    }
    return { argv: [...x.argv], exitCode: 0, signal: null, stdout: this.out, stderr: '', durationMs: performance.now() - started };
  }

  async stop(): Promise<void> {
    this.input.end();
    // A process that does not end at the end of its stdin (a request still hanging) is killed.
    const bound = new Promise<null>((resolve) => setTimeout(resolve, 5000, null).unref());
    if ((await Promise.race([this.done, bound])) === null) this.abort.abort();
    await this.done;
  }
}
