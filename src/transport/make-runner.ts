import type { ConnectionSpec } from '../model/hosts.js';
import type { CommandRunner } from './command-runner.js';
import { ExecRunner } from './exec-runner.js';
import { LocalRunner } from './local-runner.js';
import { SshRunner, type SshRunnerOptions } from './ssh-runner.js';

/** The runner for one host's connection block. `ssh` options apply only to ssh connections. */
export function makeRunner(spec: ConnectionSpec, ssh: SshRunnerOptions = {}): CommandRunner {
  switch (spec.type) {
    case 'ssh':
      return new SshRunner(spec, ssh);
    case 'local':
      return new LocalRunner();
    case 'exec':
      return new ExecRunner(spec.command);
  }
}
