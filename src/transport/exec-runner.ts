import type { CommandResult, CommandRunner, RunOptions } from './command-runner.js';
import { spawnProcess } from './spawn-process.js';

/**
 * Runs argv behind a fixed argv prefix, e.g. ['ip','netns','exec','rs1'] or ['docker','exec','-i','lb1'].
 * The prefix program receives argv as separate arguments; no shell is involved.
 */
export class ExecRunner implements CommandRunner {
  readonly prefix: readonly string[];

  constructor(prefix: readonly string[]) {
    this.prefix = [...prefix];
  }

  run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
    return spawnProcess({ command: [...this.prefix, ...argv], reportedArgv: argv, opts });
  }

  async close(): Promise<void> {}
}
