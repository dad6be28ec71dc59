import { LOCK_PATH } from '../model/state-record.js';

/**
 * The per-host apply lock. A holder process is started with the runner's ordinary run() and left
 * running: it takes `flock` on LOCK_PATH (waiting up to $3 seconds), writes the holder description
 * ($2) into the lock file, creates the token file ($1) to say it holds the lock, and keeps the lock
 * until the token file is removed. A contender that times out prints the current holder on stderr.
 * The script text is constant; token, holder text and timeout arrive as positional parameters.
 */
export const LOCK_EXIT_BUSY = 75;

export const LOCK_SCRIPT = [
  `lock=${LOCK_PATH}`,
  'token=$1',
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

export function tokenPath(token: string): string {
  return `${LOCK_PATH}.${token}`;
}

export function lockHolderArgv(token: string, holder: string, waitSeconds: number): string[] {
  return ['sh', '-c', LOCK_SCRIPT, 'lvsplan-lock', tokenPath(token), holder, String(waitSeconds)];
}

export function lockProbeArgv(token: string): string[] {
  return ['test', '-e', tokenPath(token)];
}

export function lockReleaseArgv(token: string): string[] {
  return ['rm', '-f', tokenPath(token)];
}
