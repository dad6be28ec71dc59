import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` readable by its owner only: a new temp file in the same directory (created
 * exclusively, mode 0600), synced, then renamed over `path`, so a reader sees the old file or the
 * whole new one and an existing file's mode never leaks onto the new content. A symlink at `path`
 * is refused instead of followed. Returns why it failed, or null.
 */
export function writePrivateFile(path: string, text: string): string | null {
  try {
    if (lstatSync(path).isSymbolicLink()) return `${path} is a symbolic link; lvsplan does not write through links. Remove it or choose another file name.`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return (e as Error).message;
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    return null;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    return (e as Error).message;
  }
}
