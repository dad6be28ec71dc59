import { STATE_DIR, STATE_RECORD_PATH, type StateRecord } from '../model/state-record.js';

/** Exit status of the state write when the state directory is not private to the connecting user. */
export const STATE_DIR_UNSAFE = 72;

/**
 * Writes the record atomically and privately: the JSON arrives on stdin and goes to a temp file (mode
 * 0600) in the state directory, is synced, then renamed over the record (a rename replaces a symlink
 * there instead of following it). A state directory that is a symlink, or not owned by the connecting
 * user (root) with mode 0700, is refused: whoever else can write there could swap the record lvsplan
 * trusts. Every apply step runs it, so it starts few programs (stat, cat, sync, mv): on a slow host each
 * process start costs hundreds of milliseconds.
 */
export const STATE_WRITE_SCRIPT = [
  'umask 077',
  'dir=$1; file=$2',
  '[ -e "$dir" ] || [ -L "$dir" ] || mkdir -m 700 -p "$dir" || exit 1',
  'if [ -L "$dir" ] || [ ! -d "$dir" ]; then echo "$dir is not a directory (a symlink?)" >&2; exit 72; fi',
  'mode=$(stat -c %a "$dir") || exit 1',
  'if [ ! -O "$dir" ] || [ "$mode" != 700 ]; then',
  `  uid=$(id -u); echo "$dir must be owned by uid $uid with mode 700, but has uid and mode $(stat -c "%u %a" "$dir"); fix it (chown $uid $dir; chmod 700 $dir) after checking nobody else wrote there" >&2; exit ${STATE_DIR_UNSAFE}`,
  'fi',
  // Only this user can create files in the directory now: a temp file named by this shell's pid needs no mktemp.
  'tmp="$dir/.state.$$"',
  'if cat > "$tmp" && { sync "$tmp" 2>/dev/null || sync; } && mv -f "$tmp" "$file"; then exit 0; fi',
  'rm -f "$tmp"; exit 1',
].join('\n');

export const STATE_WRITE_ARGV = ['sh', '-c', STATE_WRITE_SCRIPT, 'lvsplan-state', STATE_DIR, STATE_RECORD_PATH];

export function stateRecordText(record: StateRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
