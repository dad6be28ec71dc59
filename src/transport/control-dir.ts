import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited to 108 bytes; leave room for the socket's own name. */
const MAX_DIR_LENGTH = 80;

let dir: string | undefined;
let users = 0;
let exitHookInstalled = false;

function removeDir(): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

/**
 * A private directory (mode 0700) for this process's SSH control sockets. Each acquire must be
 * matched by a release; the directory goes away with its last user, or when the process exits.
 */
export function acquireControlDir(): string {
  users += 1;
  if (dir !== undefined) return dir;
  const base = tmpdir().length <= MAX_DIR_LENGTH - 20 ? tmpdir() : '/tmp';
  dir = mkdtempSync(join(base, 'lvsplan-ssh-'));
  chmodSync(dir, 0o700);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', removeDir);
  }
  return dir;
}

export function releaseControlDir(): void {
  users = Math.max(0, users - 1);
  if (users === 0) removeDir();
}
