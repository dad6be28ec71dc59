import { STATE_DIR, STATE_RECORD_PATH, type StateRecord } from '../model/state-record.js';

/** Writes the record atomically: the JSON arrives on stdin, goes to a temp file, then is renamed over. */
export const STATE_WRITE_ARGV = [
  'sh',
  '-c',
  'umask 077 && mkdir -p "$1" && cat > "$2.tmp" && mv -f "$2.tmp" "$2"',
  'lvsplan-state',
  STATE_DIR,
  STATE_RECORD_PATH,
];

export function stateRecordText(record: StateRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
