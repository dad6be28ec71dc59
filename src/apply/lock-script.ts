import { LOCK_PATH } from '../model/state-record.js';

/**
 * The per-host apply lock. A holder process is started with the runner's ordinary run() and left
 * running: it takes `flock` on the lock file ($4), waiting up to $3 seconds, writes the holder
 * description ($2) into it, creates the token file ($1) to say it holds the lock, and keeps the
 * lock until the token file is removed. The token is a lease: the apply renews it (touches it)
 * while it runs, and a holder whose token has not been renewed for $5 seconds removes it and lets
 * go, so an apply that lost its host (link cut, operator machine gone) does not lock it forever.
 * A contender that times out prints the current holder on stderr. The script text is constant;
 * everything else arrives as positional parameters.
 */
export const LOCK_EXIT_BUSY = 75;

/** Seconds a lock survives without renewal; the apply renews every third of it. */
export const LOCK_LEASE_SECONDS = 60;

export const LOCK_SCRIPT = [
  'token=$1; lock=$4; lease=$5',
  'exec 9>>"$lock" || exit 70',
  'if ! flock -w "$3" 9; then',
  `  printf 'held by %s\\n' "$(cat "$lock")" >&2`,
  `  exit ${LOCK_EXIT_BUSY}`,
  'fi',
  `printf '%s\\n' "$2" > "$lock"`,
  ': > "$token" || exit 71',
  'n=0',
  'while [ -e "$token" ]; do',
  '  sleep 0.2; n=$((n+1))',
  '  if [ $((n % 5)) -eq 0 ]; then',
  '    renewed=$(stat -c %Y "$token" 2>/dev/null) || break',
  '    if [ $(( $(date +%s) - renewed )) -gt "$lease" ]; then rm -f "$token"; break; fi',
  '  fi',
  'done',
  ': > "$lock"',
].join('\n');

/** Renews the lease; fails when the token is gone (the lease expired or someone removed it). */
const RENEW_SCRIPT = 'touch -c "$1" && test -e "$1"';

export function tokenPath(token: string, lockPath: string = LOCK_PATH): string {
  return `${lockPath}.${token}`;
}

export function lockHolderArgv(token: string, holder: string, waitSeconds: number, lockPath: string = LOCK_PATH, leaseSeconds: number = LOCK_LEASE_SECONDS): string[] {
  return ['sh', '-c', LOCK_SCRIPT, 'lvsplan-lock', tokenPath(token, lockPath), holder, String(waitSeconds), lockPath, String(leaseSeconds)];
}

export function lockProbeArgv(token: string, lockPath: string = LOCK_PATH): string[] {
  return ['test', '-e', tokenPath(token, lockPath)];
}

export function lockRenewArgv(token: string, lockPath: string = LOCK_PATH): string[] {
  return ['sh', '-c', RENEW_SCRIPT, 'lvsplan-lock-renew', tokenPath(token, lockPath)];
}

export function lockReleaseArgv(token: string, lockPath: string = LOCK_PATH): string[] {
  return ['rm', '-f', tokenPath(token, lockPath)];
}
