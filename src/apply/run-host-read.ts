import { readIsComplete } from '../../providers/host-read-sections.js';
import { stdoutOf, type CommandResult, type CommandRunner } from '../transport/command-runner.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';

/**
 * Runs a host's read command; a read that exits 0 with its output cut short is run once more before
 * its output is believed (the second answer is the one kept either way). `attempts` says how many ran.
 */
export async function runHostRead(runner: CommandRunner, argv: string[]): Promise<{ result: CommandResult; attempts: number }> {
  const first = await runner.run(argv, { timeoutMs: HOST_COMMAND_LIMIT_MS });
  if (first.exitCode !== 0 || first.timedOut || first.outputLimit !== undefined || readIsComplete(stdoutOf(first))) return { result: first, attempts: 1 };
  return { result: await runner.run(argv, { timeoutMs: HOST_COMMAND_LIMIT_MS }), attempts: 2 };
}
