import { STATE_RECORD_PATH, type StateRecord } from '../model/state-record.js';
import { succeeded, type CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import { stateRecordText } from '../model/state-record-file.js';
import { STATE_WRITE_ARGV } from './state-write.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import type { HeldLock } from './host-lock.js';

/**
 * Writes the host's state record atomically; returns why it failed, or null. Through the host's apply lock
 * holder when one is given that can (no remote command of its own), else with a command of its own.
 */
export async function writeStateRecord(runner: CommandRunner, record: StateRecord, held?: { lock: HeldLock; dirChecked: boolean }): Promise<string | null> {
  const through = held?.lock.requests?.writeState(stateRecordText(record), held.dirChecked);
  if (through) return through;
  const r = await runner.run(STATE_WRITE_ARGV, { stdin: stateRecordText(record), timeoutMs: HOST_COMMAND_LIMIT_MS });
  return succeeded(r) ? null : describeFailure(r, `writing ${STATE_RECORD_PATH}`);
}
