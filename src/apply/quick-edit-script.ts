import { LOCK_PATH } from '../model/state-record.js';

/**
 * `lvsplan watch`'s editor: one long-lived sh per director that makes weight edits under the host's apply
 * lock with a compare-and-swap, without reading the whole host first. A request on its stdin is
 *   edit ID WAIT N
 * then N pairs of lines: the destination's line as `ipvsadm -Sn` should print it now, and its `-e` line.
 * For each request the editor takes the lock (`flock -w WAIT`, writing the holder into the lock file as an
 * apply does), runs `ipvsadm -Sn` once, and only if every expected line is there, whole, pipes the `-e`
 * lines into `ipvsadm -R`; then it empties the lock file and lets go. It answers with the output that
 * matters (ipvsadm's errors, the holder of a busy lock, the index of the first line that moved) and
 *   @@edit-done ID STATUS RC LOCK_US READ_US RESTORE_US
 * with STATUS applied (RC is ipvsadm -R's), moved (nothing applied), busy (the lock stayed held for WAIT
 * seconds) or failed (the lock file or `ipvsadm -Sn` failed), and how long taking the lock, the read and
 * the restore took (bash's $EPOCHREALTIME: no process). Lines are data: matched as whole lines by `case`
 * and piped to ipvsadm, never parsed by the shell. The script text is constant; the lock path and the
 * holder are its positional parameters. Programs started per edit: flock, ipvsadm twice.
 */
export const EDIT_SCRIPT = [
  'LC_ALL=C; export LC_ALL',
  'lock=$1; holder=$2',
  "nl='",
  "'",
  'us() { printf -v "$1" %s "${EPOCHREALTIME/./}"; }',
  'while IFS=" " read -r verb id secs n; do',
  '  want=; edits=; i=0',
  '  while [ "$i" -lt "$n" ] && IFS= read -r w && IFS= read -r e; do want=$want$w$nl; edits=$edits$e$nl; i=$((i+1)); done',
  '  status=failed; rc=0; out=; us t0; t1=$t0; t2=$t0; t3=$t0',
  // `command` keeps a failed redirection of the special builtin exec from ending the editor.
  '  if ! command exec 9>>"$lock"; then out="cannot open the lock file $lock"',
  '  elif ! flock -w "$secs" 9; then status=busy; us t1; t2=$t1; t3=$t1; out=$(cat "$lock" 9>&-)',
  '  else',
  '    us t1',
  `    printf '%s\\n' "$holder" > "$lock"`,
  '    now=$(ipvsadm -Sn 2>&1 9>&-); rc=$?; us t2; t3=$t2',
  '    if [ "$rc" -ne 0 ]; then out=$now',
  '    else',
  '      status=applied; k=0; rest=$want',
  '      while [ -n "$rest" ]; do',
  '        line=${rest%%"$nl"*}; rest=${rest#*"$nl"}',
  '        case "$nl$now$nl" in *"$nl$line$nl"*) ;; *) status=moved; out=$k; break ;; esac',
  '        k=$((k+1))',
  '      done',
  `      if [ "$status" = applied ]; then out=$(printf '%s' "$edits" | ipvsadm -R 2>&1 9>&-); rc=$?; us t3; fi`,
  '    fi',
  '    : > "$lock"',
  '  fi',
  '  exec 9>&-',
  `  [ -z "$out" ] || printf '%s\\n' "$out"`,
  `  printf '@@edit-done %s %s %s %s %s %s\\n' "$id" "$status" "$rc" $((t1 - t0)) $((t2 - t1)) $((t3 - t2))`,
  'done',
].join('\n');

export function editorArgv(holder: string, lockPath: string = LOCK_PATH): string[] {
  return ['bash', '-c', EDIT_SCRIPT, 'lvsplan-edit', lockPath, holder];
}

/** One destination's edit: the line the plan assumes the director has now, and the `-e` line to run instead. */
export interface EditPair {
  expected: string;
  edit: string;
}

/** A line the editor can carry as one line of data: printable ASCII, as the ipvs builders make them. */
const SAFE_LINE = /^-[ae] [ -~]+$/;

/** The request's text, or why these lines cannot be sent. */
export function encodeEditRequest(id: number, waitSeconds: number, pairs: readonly EditPair[]): { ok: true; text: string } | { ok: false; error: string } {
  if (!Number.isSafeInteger(id) || id < 0 || !Number.isSafeInteger(waitSeconds) || waitSeconds < 0) return { ok: false, error: 'bad request id or lock wait' };
  if (pairs.length === 0) return { ok: false, error: 'no edit' };
  for (const p of pairs) {
    if (!SAFE_LINE.test(p.expected) || !p.expected.startsWith('-a ')) return { ok: false, error: `not a destination line: ${JSON.stringify(p.expected)}` };
    if (!SAFE_LINE.test(p.edit) || !p.edit.startsWith('-e ')) return { ok: false, error: `not an edit line: ${JSON.stringify(p.edit)}` };
  }
  return { ok: true, text: `edit ${id} ${waitSeconds} ${pairs.length}\n${pairs.map((p) => `${p.expected}\n${p.edit}\n`).join('')}` };
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
