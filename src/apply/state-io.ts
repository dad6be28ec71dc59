import { STATE_RECORD_PATH, type StateRecord } from '../model/state-record.js';
import { succeeded, type CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import { STATE_WRITE_ARGV, stateRecordText } from './state-write.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';

/** Writes the host's state record atomically; returns why it failed, or null. */
export async function writeStateRecord(runner: CommandRunner, record: StateRecord): Promise<string | null> {
  const r = await runner.run(STATE_WRITE_ARGV, { stdin: stateRecordText(record), timeoutMs: HOST_COMMAND_LIMIT_MS });
  return succeeded(r) ? null : describeFailure(r, `writing ${STATE_RECORD_PATH}`);
}
