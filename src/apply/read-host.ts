import type { HostSpec } from '../model/hosts.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import { nextTurn } from './next-turn.js';
import type { HostReader, ReadOutcome } from './ports.js';

/** Reads a host with a remote command of its own. */
export async function readHost(reader: HostReader, host: HostSpec, runner: CommandRunner): Promise<ReadOutcome> {
  const argv = reader.argv(host);
  if (!argv.ok) return { ok: false, error: argv.error };
  const result = await runner.run(argv.value, { timeoutMs: HOST_COMMAND_LIMIT_MS });
  await nextTurn();
  return reader.parse(host, result);
}
