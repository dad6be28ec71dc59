import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited to 108 bytes; leave room for the socket's own name. */
const MAX_DIR_LENGTH = 80;

let dir: string | undefined;

/**
 * A private directory (mode 0700) for this process's SSH control sockets, created on first use and
 * removed when the process exits.
 */
export function controlDir(): string {
  if (dir !== undefined) return dir;
  const base = tmpdir().length <= MAX_DIR_LENGTH - 20 ? tmpdir() : '/tmp';
  const created = mkdtempSync(join(base, 'lvsplan-ssh-'));
  chmodSync(created, 0o700);
  dir = created;
  process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  return created;
}
