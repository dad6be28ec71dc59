import { setMaxListeners } from 'node:events';
import type { HostSpec } from '../model/hosts.js';
import type { CommandRunner, RunOptions } from '../transport/command-runner.js';
import { loggingRunner, type CommandLog } from '../transport/logging-runner.js';
import { makeRunner } from '../transport/make-runner.js';

/** One runner per host for the whole command (an ssh ControlMaster each), closed together. */
export class HostRunners {
  readonly map: Map<string, CommandRunner>;
  private readonly stop = new AbortController();
  /** With a log (LVSPLAN_LOG), every remote command is logged in full with its timing. */
  constructor(hosts: readonly HostSpec[], log?: CommandLog) {
    // Every command in flight listens for it (a hundred hosts read at once): Node's warning past 10 listeners is not a leak here.
    setMaxListeners(0, this.stop.signal);
    this.map = new Map(
      hosts.map((h) => {
        const runner = stoppable(makeRunner(h.connection), this.stop.signal);
        return [h.name, log ? loggingRunner(h.name, runner, log) : runner];
      }),
    );
  }
  /** Kills every command running through these runners (and any started later). */
  stopAll(): void {
    this.stop.abort();
  }
  async close(): Promise<void> {
    await Promise.all([...this.map.values()].map((r) => r.close().catch(() => undefined)));
  }
}

function stoppable(inner: CommandRunner, stop: AbortSignal): CommandRunner {
  return {
    run: (argv: string[], opts?: RunOptions) => inner.run(argv, { ...opts, signal: opts?.signal ? AbortSignal.any([opts.signal, stop]) : stop }),
    close: () => inner.close(),
  };
}
