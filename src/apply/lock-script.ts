import { LOCK_PATH, STATE_DIR, STATE_RECORD_PATH } from '../model/state-record.js';
import { STATE_WRITE_CALL, STATE_WRITE_FUNCTION } from './state-write.js';

/**
 * The per-host apply lock. One holder process is started with the runner's run() and kept for the
 * whole apply: it takes `flock` on the lock file, waiting up to a number of seconds, writes the holder
 * description into it and creates the token file. Still under the lock and in the same process it then
 * runs the host's read (when given one) and puts back an ICMP rate limit an interrupted scheduler switch
 * left raised (when given the /proc/sys file: a grep and a builtin write), and prints "locked":
 * taking the lock, reading the host and that repair cost one remote command instead of three. From then
 * on the apply renews the lease by writing a line to the holder's stdin (no new remote command per
 * renewal, so a host that takes 30 s to start a command keeps its lock). The holder waits for each line
 * with a timeout of the lease and lets go when none comes in time (a link that hangs without closing), at
 * the end of stdin (release, the apply killed, the connection gone) or when the token file is gone.
 * A renewal starts no process: once locked, the holder becomes bash (an exec, no fork), whose `read -t`
 * waits with a timeout by itself. sh has no timed read, so a host without bash waits through
 * `timeout sh -c read`, two process starts per renewal. That is what every holder did before: with 101
 * hosts locked in the lab's emulated cluster, ten process starts a second, enough to take both of its
 * vCPUs. The bash holder also writes the state record when asked on its stdin (STATE_REQUEST): the
 * record written after an apply step costs no remote command (no ssh session, no `sh`), only the write's
 * own `dd` and `mv`. A contender that times out prints the current holder on stderr. The script texts are
 * constant; everything else arrives as positional parameters.
 */
export const LOCK_EXIT_BUSY = 75;

/** Seconds a lock survives without renewal; the apply renews every third of it. */
export const LOCK_LEASE_SECONDS = 60;

/** What the holder prints last once it holds the lock (after the read and the repair). */
export const LOCKED_LINE = 'locked';

/** The read's frame on the holder's stdout: READ_BEGIN, its stdout, READ_STDERR, its stderr, "READ_END rc". */
export const READ_BEGIN = '@@lvsplan-lock:read';
export const READ_STDERR = '@@lvsplan-lock:stderr';
export const READ_END = '@@lvsplan-lock:end';
/** Printed when the holder put a raised rate limit back. */
export const HOLD_RELEASED = '@@lvsplan-lock:hold-released';
/** Printed right before "locked" by a holder that writes the state record when asked (one that runs bash). */
export const WRITES_STATE = '@@lvsplan-lock:writes-state';

/**
 * A request on the holder's stdin: "state checked|unchecked N", then the record's N lines (its text less
 * the final newline). `checked`: a write under this same lock found the state directory private, so its
 * mode is not read again (see STATE_WRITE_FUNCTION). Any other line, an empty one included, is a renewal.
 */
export const STATE_REQUEST = 'state';
/** The holder's answer on stdout: STATE_BEGIN, what the write printed (its errors), "\nSTATE_END rc". */
export const STATE_BEGIN = '@@lvsplan-lock:state';
export const STATE_END = '@@lvsplan-lock:state-end';

/**
 * The holder once locked, in bash ($1 token file, $2 lease seconds, $3 lock file, $4 and $5 the state
 * directory and record): a builtin timed read per line, a renewal or a state write. A record whose lines
 * stop coming within the lease is a link gone: the holder lets go, as when renewals stop.
 */
export const HOLDER_LOOP = [
  STATE_WRITE_FUNCTION,
  `request='^${STATE_REQUEST} (checked|unchecked) ([1-9][0-9]{0,5})$'`,
  'while [ -e "$1" ] && IFS= read -r -t "$2" line; do',
  '  [[ $line =~ $request ]] || continue',
  '  how=${BASH_REMATCH[1]}; n=${BASH_REMATCH[2]}; record=; i=0',
  '  while [ "$i" -lt "$n" ]; do',
  '    IFS= read -r -t "$2" part || break 2',
  "    if [ \"$i\" -gt 0 ]; then record+=$'\\n'; fi",
  '    record+=$part; i=$((i+1))',
  '  done',
  `  printf '%s\\n' '${STATE_BEGIN}'`,
  // The here-string gives the record its final newline back; the write's errors go out on stdout, framed.
  `  ${STATE_WRITE_CALL} "$4" "$5" "$how" <<<"$record" 2>&1`,
  `  printf '\\n%s %s\\n' '${STATE_END}' "$?"`,
  'done',
  'rm -f "$1"; : > "$3"; exit 0',
].join('\n');

export const LOCK_SCRIPT = [
  'token=$1; holder=$2; wait=$3; lock=$4; lease=$5; hold=$6; held=$7; unheld=$8; loop=$9; state_dir=${10}; state_file=${11}; shift 11',
  'exec 9>>"$lock" || exit 70',
  'if ! flock -w "$wait" 9; then',
  `  printf 'held by %s\\n' "$(cat "$lock")" >&2`,
  `  exit ${LOCK_EXIT_BUSY}`,
  'fi',
  `printf '%s\\n' "$holder" > "$lock"`,
  ': > "$token" || exit 71',
  'if [ "$#" -gt 0 ]; then',
  `  printf '%s\\n' '${READ_BEGIN}'`,
  // A read that is an sh script runs in the command substitution's own process (a fork of the holder):
  // no other sh is started, nor a subshell of its own. Such a read must not exit (the host read does not).
  '  { err=$( { if [ "$1" = sh ] && [ "$2" = -c ] && [ "$#" -ge 4 ]; then s=$3; shift 4; eval "$s"; else "$@"; fi 2>&1 1>&3 3>&- 9>&- </dev/null; echo "@@rc:$?"; } ); } 3>&1',
  '  rc=${err##*@@rc:}; err=${err%@@rc:*}',
  `  printf '\\n%s\\n%s\\n%s %s\\n' '${READ_STDERR}' "$err" '${READ_END}' "$rc"`,
  'fi',
  // grep, not sh's read: dash reads a byte at a time, and a /proc/sys number file read past offset 0 is empty ("8" of 86400000).
  `if [ "$hold" != - ] && grep -qxF -e "$held" -- "$hold" 2>/dev/null 9>&- && printf '%s\\n' "$unheld" 2>/dev/null > "$hold"; then echo '${HOLD_RELEASED}'; fi`,
  'command -v bash >/dev/null 2>&1 && bash=1 || bash=',
  `[ -n "$bash" ] && echo '${WRITES_STATE}'`,
  `echo ${LOCKED_LINE}`,
  // The flock stays held across the exec: fd 9 is inherited.
  '[ -n "$bash" ] && exec bash -c "$loop" lvsplan-lock "$token" "$lease" "$lock" "$state_dir" "$state_file"',
  // sh's read takes one byte at a time from a pipe, so each renewal line is consumed by its own read.
  'while [ -e "$token" ] && timeout "$lease" sh -c \'IFS= read -r _\' 9>&-; do :; done',
  'rm -f "$token"',
  ': > "$lock"',
  'exit 0',
].join('\n');

export function tokenPath(token: string, lockPath: string = LOCK_PATH): string {
  return `${lockPath}.${token}`;
}

/** A raised value to put back under the lock: the /proc/sys file, the value that marks it raised, and what to write instead. */
export interface HoldRepair {
  path: string;
  held: string;
  unheld: string;
}

export interface HolderExtras {
  /** The host's read, run once the lock is held. */
  read?: readonly string[];
  hold?: HoldRepair;
  /** Where the holder writes the state record when asked: default STATE_DIR and STATE_RECORD_PATH; tests use private ones. */
  stateDir?: string;
  statePath?: string;
}

export function lockHolderArgv(
  token: string,
  holder: string,
  waitSeconds: number,
  lockPath: string = LOCK_PATH,
  leaseSeconds: number = LOCK_LEASE_SECONDS,
  extras: HolderExtras = {},
): string[] {
  const hold = extras.hold ? [extras.hold.path, extras.hold.held, extras.hold.unheld] : ['-', '-', '-'];
  const state = [extras.stateDir ?? STATE_DIR, extras.statePath ?? STATE_RECORD_PATH];
  return ['sh', '-c', LOCK_SCRIPT, 'lvsplan-lock', tokenPath(token, lockPath), holder, String(waitSeconds), lockPath, String(leaseSeconds), ...hold, HOLDER_LOOP, ...state, ...(extras.read ?? [])];
}

/** What the holder printed before "locked": its read's output and status, whether it released a hold, whether it writes the state record. */
export interface HolderReport {
  read: { stdout: string; stderr: string; exitCode: number } | null;
  holdReleased: boolean;
  writesState: boolean;
}

/** The request that has the holder write `text` (a state record, ending with a newline) as the record. */
export function stateRequest(text: string, dirChecked: boolean): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return `${STATE_REQUEST} ${dirChecked ? 'checked' : 'unchecked'} ${lines.length}\n${lines.join('\n')}\n`;
}

const STATE_ANSWER = new RegExp(`^${STATE_BEGIN}\n([\\s\\S]*)\n${STATE_END} (\\d+)\n$`);

/** The holder's answer to a state request, from what it printed since the request (null until complete). */
export function stateAnswer(printed: string): { output: string; exitCode: number } | null {
  const m = STATE_ANSWER.exec(printed);
  return m ? { output: m[1]!, exitCode: Number(m[2]) } : null;
}

const END_LINE = new RegExp(`^${READ_END} (\\d+)$`);

/**
 * The holder's report once its stdout so far is complete (ends with the "locked" line after the read's
 * frame, when a read was asked for), else null. A line "locked" inside the read's output is not the end:
 * the end line with the read's status must come right before it (or the hold line).
 */
export function holderReport(printed: string, withRead: boolean): HolderReport | null {
  if (!printed.endsWith(`${LOCKED_LINE}\n`)) return null;
  const lines = printed.slice(0, -1).split('\n');
  lines.pop();
  const writesState = lines.at(-1) === WRITES_STATE;
  if (writesState) lines.pop();
  const holdReleased = lines.at(-1) === HOLD_RELEASED;
  if (holdReleased) lines.pop();
  if (!withRead) return lines.length === 0 ? { read: null, holdReleased, writesState } : null;
  const end = END_LINE.exec(lines.at(-1) ?? '');
  if (!end || lines[0] !== READ_BEGIN) return null;
  const body = lines.slice(1, -1).join('\n');
  const split = body.indexOf(`\n${READ_STDERR}\n`);
  if (split < 0) return null;
  return { read: { stdout: body.slice(0, split), stderr: body.slice(split + READ_STDERR.length + 2), exitCode: Number(end[1]) }, holdReleased, writesState };
}
