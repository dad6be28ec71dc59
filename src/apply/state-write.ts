import { STATE_DIR, STATE_RECORD_PATH } from '../model/state-record.js';

/** Exit status of the state write when the state directory is not private to the connecting user. */
export const STATE_DIR_UNSAFE = 72;

/**
 * The shell function STATE_WRITE_FUNCTION defines: `lvsplan_state_write DIR FILE [checked]`, the record on stdin.
 * `checked`: DIR's mode was found private by a write under the same apply lock, so it is not read again (no
 * `stat`); the builtin checks (a directory, not a symlink, owned by this user) still run.
 */
export const STATE_WRITE_CALL = 'lvsplan_state_write';

/**
 * Writes the record atomically and privately: the JSON arrives on stdin and goes to a temp file (mode
 * 0600) in the state directory, synced to disk by `dd conv=fsync`, then renamed over the record (a
 * rename replaces a symlink there instead of following it). A state directory that is a symlink, or not
 * owned by the connecting user (root) with mode 0700, is refused: whoever else can write there could
 * swap the record lvsplan trusts. Every apply step runs it, so it starts few programs (stat, dd, mv): on
 * a slow host each process start costs hundreds of milliseconds. It is a shell function that returns
 * (never exits) and changes nothing of its shell but its own `__sw_` variables (the umask is set only in
 * the processes that create files), so the steps script runs it in its own shell: no `sh` of its own.
 */
export const STATE_WRITE_FUNCTION = `${STATE_WRITE_CALL}() {
  __sw_dir=$1; __sw_file=$2
  [ -e "$__sw_dir" ] || [ -L "$__sw_dir" ] || (umask 077 && exec mkdir -m 700 -p "$__sw_dir") || return 1
  if [ -L "$__sw_dir" ] || [ ! -d "$__sw_dir" ]; then echo "$__sw_dir is not a directory (a symlink?)" >&2; return ${STATE_DIR_UNSAFE}; fi
  if [ "\${3-}" = checked ]; then __sw_mode=700; else __sw_mode=$(stat -c %a "$__sw_dir") || return 1; fi
  if [ ! -O "$__sw_dir" ] || [ "$__sw_mode" != 700 ]; then
    __sw_uid=$(id -u); echo "$__sw_dir must be owned by uid $__sw_uid with mode 700, but has uid and mode $(stat -c "%u %a" "$__sw_dir"); fix it (chown $__sw_uid $__sw_dir; chmod 700 $__sw_dir) after checking nobody else wrote there" >&2; return ${STATE_DIR_UNSAFE}
  fi
  # Only this user can create files in the directory now: a temp file named by this shell's pid needs no mktemp.
  __sw_tmp="$__sw_dir/.state.$$"
  # dd prints its counts on stderr even when it works: shown only when it fails.
  if ! __sw_err=$(umask 077 && exec dd of="$__sw_tmp" conv=fsync 2>&1); then printf '%s\\n' "$__sw_err" >&2; rm -f "$__sw_tmp"; return 1; fi
  mv -f "$__sw_tmp" "$__sw_file" && return 0
  rm -f "$__sw_tmp"; return 1
}`;

/** The state write as a command of its own: `sh -c STATE_WRITE_SCRIPT lvsplan-state DIR FILE`. */
export const STATE_WRITE_SCRIPT = `${STATE_WRITE_FUNCTION}\n${STATE_WRITE_CALL} "$@"`;

export const STATE_WRITE_ARGV = ['sh', '-c', STATE_WRITE_SCRIPT, 'lvsplan-state', STATE_DIR, STATE_RECORD_PATH];

/** DIR and FILE of a state write argv (STATE_WRITE_ARGV's shape, any directory), or null when it is not one. */
export function stateWriteOf(argv: readonly string[]): { dir: string; file: string } | null {
  if (argv.length !== 6 || argv[0] !== 'sh' || argv[1] !== '-c' || argv[2] !== STATE_WRITE_SCRIPT || argv[3] !== 'lvsplan-state') return null;
  return { dir: argv[4]!, file: argv[5]! };
}
