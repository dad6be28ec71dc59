import { LOCK_PATH, STATE_DIR, STATE_RECORD_PATH } from '../model/state-record.js';
import { STATE_WRITE_CALL } from './state-write.js';
import { STEPS_CALL, STEPS_FUNCTIONS } from './steps-script.js';

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
 * vCPUs. The bash holder also runs the apply's steps and writes the state record when asked on its stdin
 * (STEPS_REQUEST, STATE_REQUEST), each answered by a frame on its stdout: a step and the record written
 * after it cost no remote command (no ssh session, no `sh`), only their own programs. A contender that
 * times out prints the current holder on stderr. The script texts are constant; everything else arrives
 * as positional parameters or as a request's data.
 */
export const LOCK_EXIT_BUSY = 75;

/** Seconds a lock survives without renewal; the apply renews every third of it. */
export const LOCK_LEASE_SECONDS = 60;

/** What the holder prints last once it holds the lock (after the read and the repair). */
export const LOCKED_LINE = 'locked';

/**
 * Every answer of the holder, its read's included, is a frame on its stdout naming its request's id:
 * FRAME_BEGIN id, the command's stdout, FRAME_STDERR id, its stderr, "FRAME_END id rc" (each marker on a
 * line of its own, the outputs exact). The id is random per request (the read's is the apply's token), so
 * no output can end a frame early. See holder-output.ts for the reader.
 */
export const FRAME_BEGIN = '@@lvsplan-lock:begin';
export const FRAME_STDERR = '@@lvsplan-lock:stderr';
export const FRAME_END = '@@lvsplan-lock:end';
/** Printed when the holder put a raised rate limit back. */
export const HOLD_RELEASED = '@@lvsplan-lock:hold-released';
/** Printed right before "locked" by a holder that answers requests (one that runs bash): state writes and steps. */
export const ANSWERS_REQUESTS = '@@lvsplan-lock:requests';

/**
 * A request on the holder's stdin: a header of REQUEST_HEADER_BYTES, `KIND ID COUNT INPUT` and a newline (the id
 * 16 hex digits, COUNT six digits: how many texts follow, INPUT 1 when the last of them is stdin), then the length
 * in bytes of each text as nine digits and a space, then the texts back to back. All of it is read by length
 * (bash's `read -N`, in the C locale so that a length counts bytes, or a counted copy: see STDIN_COPY_BYTES), none
 * of it up to a delimiter: any word, newlines and quotes included, is data, and a request costs a few read(2) calls
 * (one per text, one per 4 KiB), where lines read from a pipe cost one per byte. A text cannot hold a NUL (bash
 * drops it): a request that would carry one is not made.
 * - `state ID 000002 1`: the texts `checked` or `unchecked`, then the record: write the state record. `checked`:
 *   a write under this same lock found the state directory private, so its mode is not read again (see
 *   STATE_WRITE_FUNCTION).
 * - `steps ID COUNT INPUT`: the steps' positional parameters (see STEPS_FUNCTIONS, the report flag first), then
 *   when INPUT is 1 the steps' stdin: run the steps.
 * A stdin goes whole and ends with a newline, which the holder reads by itself, last: a copy that stopped short
 * (the request cut) finds no newline there, and no command runs. One without a final newline is not sent.
 * A newline where a header would begin is a renewal.
 */
export const STATE_REQUEST = 'state';
export const STEPS_REQUEST = 'steps';
export const REQUEST_HEADER_BYTES = 32;

/** A request id: what the holder accepts, as its regex says. */
export const REQUEST_ID = /^[0-9a-f]{16}$/;

/**
 * A stdin longer than this many bytes is copied by the holder straight into a private file by GNU `head -c`, which
 * reads no byte past its count (a read(2) of at most 8 KiB, and at most what is left), instead of going through
 * bash's strings: `read -N`, the copy into the array and the here-string cost about 75 ns a byte on the build
 * machine (a 5.9 MB batch 0.45 s, head 0.03-0.05 s), where the copy costs a process start (~1 ms there, 0.2 s under
 * the lab's emulation, where bash's bytes cost ~15 times more too). Another `head` (BusyBox's reads its input
 * through stdio, so it would take the bytes after the request too) is not trusted: the holder asks `head --version`
 * once, at its first such stdin, and reads through bash when it does not say GNU coreutils.
 */
export const STDIN_COPY_BYTES = 256 * 1024;

/** The most texts a request carries (COUNT's six digits), and the longest text in bytes (its length's nine). */
const MAX_TEXTS = 999_999;
const MAX_TEXT_BYTES = 999_999_999;

/**
 * The holder once locked, in bash ($1 token file, $2 lease seconds, $3 lock file, $4 and $5 the state
 * directory and record): a builtin timed read of one byte, a renewal or the start of a request's header. The
 * header is read within the lease; one that does not come in time, or does not parse, is a link gone: the holder
 * lets go, as when renewals stop. The texts after it are read without a time limit: bash's timed read makes two
 * system calls per byte (a thousand 2.3 KB reads took 9.2 s timed, 0.09 s untimed on the build machine), so a
 * link that hangs in the middle of a request keeps the lock until the connection ends. A stdin becomes fd 4: a
 * here-string of what bash read, or, above STDIN_COPY_BYTES, the file $1.stdin (mode 0600, next to the token file)
 * that `head -c` copied it to, emptied after the request and removed when the holder lets go. The state write
 * runs in the holder's own shell (its stderr printed as it comes, its stdout empty); the steps in a fork (the
 * command substitution that keeps their stderr apart), their stdin the request's or /dev/null, never the holder's,
 * and without the lock's descriptor. Only the reads run in the C locale (LC_ALL=C on each): the steps run in the
 * host's, as a command of their own does; the header's regex sees only what it accepts, ASCII.
 */
export const HOLDER_LOOP = [
  STEPS_FUNCTIONS,
  // The texts of a request ($1 of them, the last one stdin when $2 is 1): the words into the array texts, the stdin on fd 4.
  'lvsplan_texts() {',
  '  texts=(); __k=0',
  '  LC_ALL=C IFS= read -r -N "$(($1 * 10))" __l && [[ $__l =~ ^([0-9]{9}\\ )+$ ]] || return 1',
  '  for __n in $__l; do',
  '    __n=$((10#$__n)); __k=$((__k + 1))',
  '    if [ "$2" = 1 ] && [ "$__k" -eq "$1" ]; then lvsplan_stdin "$__n" || return 1',
  "    elif [ \"$__n\" -eq 0 ]; then texts+=('')",
  '    else LC_ALL=C IFS= read -r -N "$__n" __t || return 1; texts+=("$__t"); fi',
  '  done',
  '  [ "$2" = 1 ] || exec 4</dev/null',
  '}',
  // A stdin of $1 bytes on fd 4, its final newline read last and alone: what proves a copy whole.
  'lvsplan_stdin() {',
  '  [ "$1" -gt 0 ] || return 1',
  `  if [ "$1" -gt ${STDIN_COPY_BYTES} ] && lvsplan_head_exact; then`,
  '    (umask 077 && exec head -c "$(($1 - 1))" > "$stdin") 9>&- && lvsplan_newline && printf \'\\n\' >> "$stdin" && exec 4<"$stdin"',
  '  else',
  '    __t=; { [ "$1" -eq 1 ] || LC_ALL=C IFS= read -r -N "$(($1 - 1))" __t; } && lvsplan_newline && exec 4<<<"$__t"',
  '  fi',
  '}',
  "lvsplan_newline() { LC_ALL=C IFS= read -r -N 1 __e && [ \"$__e\" = $'\\n' ]; }",
  // Asked once: only GNU head -c is known to read no byte past its count.
  'lvsplan_head_exact() {',
  "  [ -n \"$exact\" ] || case $(LC_ALL=C head --version 2>/dev/null </dev/null 9>&-) in *'(GNU coreutils)'*) exact=1 ;; *) exact=0 ;; esac",
  '  [ "$exact" = 1 ]',
  '}',
  'lease=$2; stdin=$1.stdin; exact=',
  `header=$'^(${STATE_REQUEST}|${STEPS_REQUEST}) ([0-9a-f]{16}) ([0-9]{6}) ([01])\\n$'`,
  'while [ -e "$1" ] && LC_ALL=C IFS= read -r -N 1 -t "$lease" first; do',
  "  [ \"$first\" = $'\\n' ] && continue",
  `  LC_ALL=C IFS= read -r -N ${REQUEST_HEADER_BYTES - 1} -t "$lease" rest && [[ $first$rest =~ $header ]] || break`,
  '  kind=${BASH_REMATCH[1]}; id=${BASH_REMATCH[2]}; count=$((10#${BASH_REMATCH[3]})); input=${BASH_REMATCH[4]}',
  // A state request is its two texts, the record its stdin; steps have one word at least.
  `  { [ "$kind" = ${STEPS_REQUEST} ] && [ "$count" -gt "$input" ] || [ "$count$input" = 21 ]; } && lvsplan_texts "$count" "$input" || break`,
  `  if [ "$kind" = ${STATE_REQUEST} ]; then`,
  `    printf '%s %s\\n\\n%s %s\\n' '${FRAME_BEGIN}' "$id" '${FRAME_STDERR}' "$id"`,
  `    ${STATE_WRITE_CALL} "$4" "$5" "\${texts[0]}" <&4 4<&- 2>&1 >/dev/null`,
  `    printf '\\n%s %s %s\\n' '${FRAME_END}' "$id" "$?"`,
  '  else',
  `    printf '%s %s\\n' '${FRAME_BEGIN}' "$id"`,
  // As the read in LOCK_SCRIPT: stdout straight out, stderr kept, the status the substitution's.
  `    { err=$(set -o posix; ${STEPS_CALL} "\${texts[@]}" 2>&1 1>&3 3>&- 9>&- <&4 4<&-; st=$?; printf @@rc; exit "$st"); rc=$?; } 3>&1`,
  '    err=${err%@@rc}',
  `    printf '\\n%s %s\\n%s\\n%s %s %s\\n' '${FRAME_STDERR}' "$id" "$err" '${FRAME_END}' "$id" "$rc"`,
  '  fi',
  // What the copy wrote is not kept for the rest of the apply.
  '  exec 4<&-; texts=(); __t=; [ -s "$stdin" ] && : > "$stdin"',
  'done',
  'rm -f "$1" "$stdin"; : > "$3"; exit 0',
].join('\n');

export const LOCK_SCRIPT = [
  'token=$1; holder=$2; wait=$3; lock=$4; lease=$5; hold=$6; held=$7; unheld=$8; loop=$9; state_dir=${10}; state_file=${11}; read_id=${12}; shift 12',
  'exec 9>>"$lock" || exit 70',
  'if ! flock -w "$wait" 9; then',
  `  printf 'held by %s\\n' "$(cat "$lock")" >&2`,
  `  exit ${LOCK_EXIT_BUSY}`,
  'fi',
  `printf '%s\\n' "$holder" > "$lock"`,
  // Under the lock no other holder lives: a token file, and the copy of a stdin, left by one that was killed go.
  // With none left the glob stays unexpanded, and no rm is started.
  'for left in "$lock".*; do [ -e "$left" ] && rm -f -- "$lock".* 2>/dev/null; break; done',
  ': > "$token" || exit 71',
  'if [ "$#" -gt 0 ]; then',
  `  printf '%s %s\\n' '${FRAME_BEGIN}' "$read_id"`,
  // A read that is an sh script runs in the command substitution's own process (a fork of the holder):
  // no other sh is started, nor a subshell of its own. Such a read must not exit (the host read does not).
  // Its stderr is kept, its status is the substitution's; the mark after the stderr keeps its trailing newlines (one that exits loses them).
  '  { err=$(if [ "$1" = sh ] && [ "$2" = -c ] && [ "$#" -ge 4 ]; then s=$3; shift 4; eval "$s"; else "$@"; fi 2>&1 1>&3 3>&- 9>&- </dev/null; st=$?; printf @@rc; exit "$st"); rc=$?; } 3>&1',
  '  err=${err%@@rc}',
  `  printf '\\n%s %s\\n%s\\n%s %s %s\\n' '${FRAME_STDERR}' "$read_id" "$err" '${FRAME_END}' "$read_id" "$rc"`,
  'fi',
  // grep, not sh's read: dash reads a byte at a time, and a /proc/sys number file read past offset 0 is empty ("8" of 86400000).
  `if [ "$hold" != - ] && grep -qxF -e "$held" -- "$hold" 2>/dev/null 9>&- && printf '%s\\n' "$unheld" 2>/dev/null > "$hold"; then echo '${HOLD_RELEASED}'; fi`,
  'command -v bash >/dev/null 2>&1 && bash=1 || bash=',
  `[ -n "$bash" ] && echo '${ANSWERS_REQUESTS}'`,
  `echo ${LOCKED_LINE}`,
  // The flock stays held across the exec: fd 9 is inherited. No startup file: a bash whose stdin is a socket, or
  // that sees SSH_CLIENT, at the top shell level would read ~/.bashrc (whose output would end the protocol).
  'unset BASH_ENV',
  '[ -n "$bash" ] && exec bash --norc -c "$loop" lvsplan-lock "$token" "$lease" "$lock" "$state_dir" "$state_file"',
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
  // The token names the read's frame: it is random per apply run, as request ids are.
  return ['sh', '-c', LOCK_SCRIPT, 'lvsplan-lock', tokenPath(token, lockPath), holder, String(waitSeconds), lockPath, String(leaseSeconds), ...hold, HOLDER_LOOP, ...state, token, ...(extras.read ?? [])];
}

/**
 * A request of `kind` carrying `texts` (the last one stdin when `input`), or null when it cannot carry them. Its
 * bytes: each text encoded once, its length the encoding's and the NUL looked for in it (a 5.9 MB batch as one
 * string took 70-80 ms of CPU to measure, search, join and encode, its bytes 3 ms).
 */
function request(kind: string, id: string, texts: readonly string[], input: boolean): Buffer | null {
  if (!REQUEST_ID.test(id) || texts.length === 0 || texts.length > MAX_TEXTS) return null;
  const bytes = texts.map((t) => Buffer.from(t));
  let lengths = '';
  for (const b of bytes) {
    if (b.length > MAX_TEXT_BYTES || b.includes(0)) return null;
    lengths += `${String(b.length).padStart(9, '0')} `;
  }
  return Buffer.concat([Buffer.from(`${kind} ${id} ${String(texts.length).padStart(6, '0')} ${input ? 1 : 0}\n${lengths}`), ...bytes]);
}

/** The request that has the holder write `text` (a state record, ending with a newline) as the record; null when it cannot carry it. */
export function stateRequest(id: string, text: string, dirChecked: boolean): Buffer | null {
  if (!text.endsWith('\n')) return null;
  return request(STATE_REQUEST, id, [dirChecked ? 'checked' : 'unchecked', text], true);
}

/**
 * The request that has the holder run the steps whose positional parameters are `params` (stepsParameters:
 * the report flag, then the counted argvs), `stdin` their input; null when a request cannot carry them
 * (stdin that does not end with a newline, which the holder reads last to know it came whole; a NUL): run them alone.
 */
export function stepsRequest(id: string, params: readonly string[], stdin?: string): Buffer | null {
  const [report, ...words] = params;
  if ((report !== '0' && report !== '1') || words.length === 0) return null;
  if (!stdin) return request(STEPS_REQUEST, id, params, false);
  if (!stdin.endsWith('\n')) return null;
  return request(STEPS_REQUEST, id, [...params, stdin], true);
}
