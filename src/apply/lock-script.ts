import { LOCK_PATH } from '../model/state-record.js';

/**
 * The per-host apply lock. A holder process is started with the runner's ordinary run() and left
 * running: it takes `flock` on the lock file ($4), waiting up to $3 seconds, writes the holder
 * description ($2) into it, creates the token file ($1) to say it holds the lock, and keeps the
 * lock until the token file is removed. A contender that times out prints the current holder on
 * stderr. The script text is constant; everything else arrives as positional parameters.
 */
export const LOCK_EXIT_BUSY = 75;

export const LOCK_SCRIPT = [
  'token=$1; lock=$4',
  'exec 9>>"$lock" || exit 70',
  'if ! flock -w "$3" 9; then',
  `  printf 'held by %s\\n' "$(cat "$lock")" >&2`,
  `  exit ${LOCK_EXIT_BUSY}`,
  'fi',
  `printf '%s\\n' "$2" > "$lock"`,
  ': > "$token" || exit 71',
  'while [ -e "$token" ]; do sleep 0.2; done',
  ': > "$lock"',
].join('\n');

export function tokenPath(token: string, lockPath: string = LOCK_PATH): string {
  return `${lockPath}.${token}`;
}

export function lockHolderArgv(token: string, holder: string, waitSeconds: number, lockPath: string = LOCK_PATH): string[] {
  return ['sh', '-c', LOCK_SCRIPT, 'lvsplan-lock', tokenPath(token, lockPath), holder, String(waitSeconds), lockPath];
}

export function lockProbeArgv(token: string, lockPath: string = LOCK_PATH): string[] {
  return ['test', '-e', tokenPath(token, lockPath)];
}

export function lockReleaseArgv(token: string, lockPath: string = LOCK_PATH): string[] {
  return ['rm', '-f', tokenPath(token, lockPath)];
}
