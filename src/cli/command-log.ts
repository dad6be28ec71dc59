import { appendFileSync } from 'node:fs';
import type { CommandLog } from '../transport/logging-runner.js';
import type { CliIO } from './io.js';

/**
 * LVSPLAN_LOG (like TF_LOG): any value but "off" logs every remote command with its timing, to
 * stderr or, with LVSPLAN_LOG_PATH, appended to that file.
 */
export function commandLog(io: CliIO): CommandLog | undefined {
  const level = io.env.LVSPLAN_LOG?.trim().toLowerCase();
  if (!level || level === 'off') return undefined;
  const path = io.env.LVSPLAN_LOG_PATH;
  return { write: path ? (t) => appendFileSync(path, t) : io.stderr, now: () => new Date() };
}
