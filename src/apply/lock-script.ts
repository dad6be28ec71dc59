import { LOCK_PATH } from '../model/state-record.js';

/**
 * The per-host apply lock. One holder process is started with the runner's run() and kept for the
 * whole apply: it takes `flock` on the lock file ($4), waiting up to $3 seconds, writes the holder
 * description ($2) into it, creates the token file ($1) and prints "locked". From then on the apply
 * renews the lease by writing a line to the holder's stdin (no new remote command per renewal, so a
 * host that takes 30 s to start a command keeps its lock). The holder waits for each line with a
 * timeout of $5 seconds and lets go when none comes in time (a link that hangs without closing), at
 * the end of stdin (release, the apply killed, the connection gone) or when the token file is gone.
 * Between renewals it starts no process: a holder that polled every 0.2 s cost an emulated lab host
 * several process starts a second for the whole apply. A contender that times out prints the current
 * holder on stderr. The script text is constant; everything else arrives as positional parameters.
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
  `echo ${LOCKED_LINE}`,
  // sh's read takes one byte at a time from a pipe, so each renewal line is consumed by its own read.
  'while [ -e "$token" ] && timeout "$lease" sh -c \'IFS= read -r _\' 9>&-; do :; done',
  'rm -f "$token"',
  ': > "$lock"',
  'exit 0',
].join('\n');

export function tokenPath(token: string, lockPath: string = LOCK_PATH): string {
  return `${lockPath}.${token}`;
}

export function lockHolderArgv(token: string, holder: string, waitSeconds: number, lockPath: string = LOCK_PATH, leaseSeconds: number = LOCK_LEASE_SECONDS): string[] {
  return ['sh', '-c', LOCK_SCRIPT, 'lvsplan-lock', tokenPath(token, lockPath), holder, String(waitSeconds), lockPath, String(leaseSeconds)];
}
