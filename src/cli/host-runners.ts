import type { HostSpec } from '../model/hosts.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { loggingRunner, type CommandLog } from '../transport/logging-runner.js';
import { makeRunner } from '../transport/make-runner.js';

/** One runner per host for the whole command (an ssh ControlMaster each), closed together. */
export class HostRunners {
  readonly map: Map<string, CommandRunner>;
  /** With a log (LVSPLAN_LOG), every remote command is logged in full with its timing. */
  constructor(hosts: readonly HostSpec[], log?: CommandLog) {
    this.map = new Map(
      hosts.map((h) => {
        const runner = makeRunner(h.connection);
        return [h.name, log ? loggingRunner(h.name, runner, log) : runner];
      }),
    );
  }
  async close(): Promise<void> {
    await Promise.all([...this.map.values()].map((r) => r.close().catch(() => undefined)));
  }
}
