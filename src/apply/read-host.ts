import type { HostSpec } from '../model/hosts.js';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import { nextTurn } from './next-turn.js';
import type { HostReader, ReadOutcome } from './ports.js';

/** Reads a host with a remote command of its own. */
export async function readHost(reader: HostReader, host: HostSpec, runner: CommandRunner): Promise<ReadOutcome> {
  const argv = reader.argv(host);
  if (!argv.ok) return { ok: false, error: argv.error };
  return parseRead(reader, host, await runner.run(argv.value, { timeoutMs: HOST_COMMAND_LIMIT_MS }));
}

/** What a host's read says, parsed in a turn of its own (next-turn.ts): seconds on a large director. */
export async function parseRead(reader: HostReader, host: HostSpec, result: CommandResult): Promise<ReadOutcome> {
  await nextTurn();
  return reader.parse(host, result);
}
