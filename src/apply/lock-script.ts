import { LOCK_PATH } from '../model/state-record.js';

/**
 * The per-host apply lock. One holder process is started with the runner's run() and kept for the
 * whole apply: it takes `flock` on the lock file ($4), waiting up to $3 seconds, writes the holder
 * description ($2) into it, creates the token file ($1) and prints "locked". From then on the apply
 * renews the lease by writing a line to the holder's stdin (no new remote command per renewal, so a
 * host that takes 30 s to start a command keeps its lock); a reader touches the token per line. The
 * end of stdin (release, the apply killed, the connection gone) removes the token, and a token not
 * renewed for $5 seconds is removed too (a link that hangs without closing). No token, no lock.
 * A contender that times out prints the current holder on stderr. The script text is constant;
 * everything else arrives as positional parameters.
 */
export const LOCK_EXIT_BUSY = 75;

/** Seconds a lock survives without renewal; the apply renews every third of it. */
export const LOCK_LEASE_SECONDS = 60;

/** What the holder prints once it holds the lock. */
export const LOCKED_LINE = 'locked';

export const LOCK_SCRIPT = [
  'token=$1; lock=$4; lease=$5',
  'exec 9>>"$lock" || exit 70',
  'if ! flock -w "$3" 9; then',
  `  printf 'held by %s\\n' "$(cat "$lock")" >&2`,
  `  exit ${LOCK_EXIT_BUSY}`,
  'fi',
  `printf '%s\\n' "$2" > "$lock"`,
  ': > "$token" || exit 71',
  'exec 3<&0',
  '( exec 9>&- 1>/dev/null; while read -r _; do touch -c "$token"; done; rm -f "$token" ) <&3 &',
  'reader=$!',
  'exec 3<&-',
  `echo ${LOCKED_LINE}`,
  'n=0',
  'while [ -e "$token" ]; do',
  '  sleep 0.2; n=$((n+1))',
  '  if [ $((n % 5)) -eq 0 ]; then',
  '    renewed=$(stat -c %Y "$token" 2>/dev/null) || break',
  '    if [ $(( $(date +%s) - renewed )) -gt "$lease" ]; then rm -f "$token"; break; fi',
  '  fi',
  'done',
  ': > "$lock"',
  'kill "$reader" 2>/dev/null',
  'exit 0',
].join('\n');

export function tokenPath(token: string, lockPath: string = LOCK_PATH): string {
  return `${lockPath}.${token}`;
}

export function lockHolderArgv(token: string, holder: string, waitSeconds: number, lockPath: string = LOCK_PATH, leaseSeconds: number = LOCK_LEASE_SECONDS): string[] {
  return ['sh', '-c', LOCK_SCRIPT, 'lvsplan-lock', tokenPath(token, lockPath), holder, String(waitSeconds), lockPath, String(leaseSeconds)];
}
