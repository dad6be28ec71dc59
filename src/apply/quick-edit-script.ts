import { IPVS_CAS_FUNCTIONS, IPVS_PROC_TABLE, pairLines, pairsProblem, type EditPair, type TableRead } from '../../providers/ipvs/cas-script.js';
import { LOCK_PATH } from '../model/state-record.js';

export { IPVS_PROC_TABLE, type EditPair, type TableRead };

/**
 * `lvsplan watch`'s editor: one long-lived bash per director that makes weight edits under the host's apply
 * lock with a compare-and-swap, without reading the whole host first. A request on its stdin is
 *   edit ID WAIT N READ
 * then N pairs of lines: the destination's line as `ipvsadm -Sn` should print it now, and its `-e` line.
 * For each request the editor takes the lock (`flock -w WAIT`, writing the holder into the lock file as an
 * apply does), reads the table once (READ: see TableRead), and only if every expected line is there, whole,
 * writes the `-e` lines to an `ipvsadm -R` it started while it waited (so the edit pays no program start for
 * it; one that ended meanwhile is replaced first); then it empties the lock file and lets go, and starts the
 * next `ipvsadm -R`. It answers with the output that matters (ipvsadm's errors, the holder of a busy lock, the
 * index of the first line that moved) and
 *   @@edit-done ID STATUS RC LOCK_US READ_US RESTORE_US
 * with STATUS applied (RC is ipvsadm -R's), moved (nothing applied), busy (the lock stayed held for WAIT
 * seconds) or failed (the lock file or the read failed), and how long taking the lock, the read and the
 * restore took (bash's $EPOCHREALTIME: no process). `lock WAIT` (no answer) takes the lock ahead of an edit
 * being planned, so the edit finds it held (its LOCK_US is that wait), or answers busy without waiting again;
 * `unlock` lets go of it, and so does the editor itself when no request comes within HOLD seconds. Lines are data: matched as whole lines by `case` and
 * written to ipvsadm, never parsed by the shell. The script text is constant; the lock path, the holder, the
 * /proc table's path and HOLD are its positional parameters. Programs started per edit: flock, and
 * `ipvsadm -Sn` when READ is ipvsadm.
 */
export const EDIT_SCRIPT = String.raw`
LC_ALL=C; export LC_ALL
lock=$1; holder=$2; table=$3; hold=$4
# A restorer that ended before its lines came must not end the editor when they are written.
trap '' PIPE
${IPVS_CAS_FUNCTIONS}
exec {res}<> <(:)
# lock_take SECS: lstatus locked (the holder written), busy (lout: the holder) or failed (lout: why); l0, l1 its start and end.
lock_take() {
  us l0; l1=$l0; lout=
  # "command" keeps a failed redirection of the special builtin exec from ending the editor.
  if ! command exec 9>>"$lock"; then lstatus=failed; lout="cannot open the lock file $lock"
  elif ! flock -w "$1" 9; then lstatus=busy; us l1; lout=$(cat "$lock" 9>&-); exec 9>&-
  else us l1; lstatus=locked; printf '%s\n' "$holder" > "$lock"; fi
}
lock_release() { : > "$lock"; exec 9>&-; lstatus=; }
trap '[ "$lstatus" != locked ] || : > "$lock"' EXIT
restorer
lstatus=
while :; do
  # A lock taken ahead is held only so long for its edit.
  if [ "$lstatus" = locked ]; then
    IFS=" " read -r -t "$hold" verb id secs n from; r=$?
    if [ "$r" -gt 128 ]; then lock_release; continue; fi
    [ "$r" -eq 0 ] || break
  else
    IFS=" " read -r verb id secs n from || break
  fi
  case $verb in
    # A lock taken ahead that stayed busy (or failed) answers the edit that follows as it is: no second wait.
    lock) [ "$lstatus" = locked ] || lock_take "$id"; continue ;;
    unlock) if [ "$lstatus" = locked ]; then lock_release; else lstatus=; fi; continue ;;
  esac
  want=; edits=; i=0
  while [ "$i" -lt "$n" ] && IFS= read -r w && IFS= read -r e; do want=$want$w$nl; edits=$edits$e$nl; i=$((i+1)); done
  status=failed; rc=0; out=; used=
  [ -n "$lstatus" ] || lock_take "$secs"
  us t1; t2=$t1; t3=$t1
  if [ "$lstatus" = failed ]; then out=$lout
  elif [ "$lstatus" = busy ]; then status=busy; out=$lout
  else cas_apply "$from"; lock_release
  fi
  lstatus=
  [ -z "$out" ] || printf '%s\n' "\${out%$nl}"
  printf '@@edit-done %s %s %s %s %s %s\n' "$id" "$status" "$rc" $((l1 - l0)) $((t2 - t1)) $((t3 - t2))
  [ -z "$used" ] || restorer
done
# The end of stdin: the waiting ipvsadm -R ends with nothing to do before the editor does.
exec {req}>&-; answer 2
`.replaceAll('\\${', '${');

/** How long the editor holds a lock taken ahead of an edit that does not come (lvsplan lets go of it itself, with unlock). */
export const LOCK_AHEAD_HOLD_SECONDS = 5;

export function editorArgv(holder: string, lockPath: string = LOCK_PATH, procTable: string = IPVS_PROC_TABLE, holdSeconds = LOCK_AHEAD_HOLD_SECONDS): string[] {
  return ['bash', '-c', EDIT_SCRIPT, 'lvsplan-edit', lockPath, holder, procTable, String(holdSeconds)];
}

/** Takes the lock ahead of the edit that is being planned (no answer; the edit reports how it went); WAIT as for an edit. */
export function lockAheadRequest(waitSeconds: number): string {
  return `lock ${waitSeconds}\n`;
}

/** Lets go of a lock taken ahead whose edit will not come. */
export const UNLOCK_REQUEST = 'unlock\n';

/** An `-Sn` line the editor can rebuild from /proc/net/ip_vs: an IPv4 service's IPv4 destination, not tunnelled (no tunnel options there). */
const PROC_LINE = /^-a (?:-t|-u|--sctp-service) \d{1,3}(?:\.\d{1,3}){3}:\d+ -r \d{1,3}(?:\.\d{1,3}){3}:\d+ -[gm] -w \d+$/;

/** Past this many destinations on a director, `ipvsadm -Sn` reads the table faster than bash reads /proc. */
export const PROC_READ_MAX_DESTINATIONS = 1000;

/** How the editor reads a director's table for these pairs, given how many destinations the last read saw there. */
export function tableReadFor(pairs: readonly EditPair[], destinations: number): TableRead {
  return destinations <= PROC_READ_MAX_DESTINATIONS && pairs.every((p) => PROC_LINE.test(p.expected)) ? 'proc' : 'ipvsadm';
}

/** The request's text, or why these lines cannot be sent. */
export function encodeEditRequest(id: number, waitSeconds: number, pairs: readonly EditPair[], read: TableRead): { ok: true; text: string } | { ok: false; error: string } {
  if (!Number.isSafeInteger(id) || id < 0 || !Number.isSafeInteger(waitSeconds) || waitSeconds < 0) return { ok: false, error: 'bad request id or lock wait' };
  const problem = pairsProblem(pairs);
  if (problem) return { ok: false, error: problem };
  return { ok: true, text: `edit ${id} ${waitSeconds} ${pairs.length} ${read}\n${pairLines(pairs)}` };
}
/** How long the editor took to get the lock, to read the table (`ipvsadm -Sn`) and to apply the lines (`ipvsadm -R`). */
export interface EditTimes {
  lockMs: number;
  readMs: number;
  restoreMs: number;
}

export type EditAnswer = { times: EditTimes } & (
  | { status: 'applied'; exitCode: number; stderr: string }
  /** index: the first pair whose expected line the director no longer has. */
  | { status: 'moved'; index: number }
  | { status: 'busy'; holder: string }
  | { status: 'failed'; error: string }
);

const DONE = (id: number) => new RegExp(`(?:^|\\n)@@edit-done ${id} (applied|moved|busy|failed) (\\d+) (\\d+) (\\d+) (\\d+)\\n$`);

/** Whether `printed` holds request `id`'s whole answer. */
export function editAnswered(printed: string, id: number): boolean {
  return DONE(id).test(printed);
}

/** Request `id`'s answer, or null when `printed` is not one. */
export function parseEditAnswer(printed: string, id: number, pairs: number): EditAnswer | null {
  const m = DONE(id).exec(printed);
  if (!m) return null;
  const body = printed.slice(0, m.index).replace(/\n$/, '');
  const rc = Number(m[2]);
  const ms = (us: string) => Math.round(Number(us) / 1000);
  const times = { lockMs: ms(m[3]!), readMs: ms(m[4]!), restoreMs: ms(m[5]!) };
  switch (m[1]) {
    case 'applied':
      return { status: 'applied', exitCode: rc, stderr: body, times };
    case 'moved': {
      const index = Number(body);
      return /^\d+$/.test(body) && index < pairs ? { status: 'moved', index, times } : null;
    }
    case 'busy':
      return { status: 'busy', holder: body.trim(), times };
    default:
      return { status: 'failed', error: body.trim() || `exit status ${rc}`, times };
  }
}
