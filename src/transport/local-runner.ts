import type { CommandResult, CommandRunner, RunOptions } from './command-runner.js';
import { spawnProcess } from './spawn-process.js';

/** Runs argv directly on this machine (no shell). */
export class LocalRunner implements CommandRunner {
  run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
    return spawnProcess({ command: argv, reportedArgv: argv, opts });
  }

  async close(): Promise<void> {}
}
