import type { HostSpec } from '../model/hosts.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { makeRunner } from '../transport/make-runner.js';

/** One runner per host for the whole command (an ssh ControlMaster each), closed together. */
export class HostRunners {
  readonly map: Map<string, CommandRunner>;
  constructor(hosts: readonly HostSpec[]) {
    this.map = new Map(hosts.map((h) => [h.name, makeRunner(h.connection)]));
  }
  async close(): Promise<void> {
    await Promise.all([...this.map.values()].map((r) => r.close().catch(() => undefined)));
  }
}
