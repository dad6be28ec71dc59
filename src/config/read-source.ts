import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { Locator } from '../hcl/locator.js';

export type SourceRead = { path: string; text: string } | { path: string; diagnostic: Diagnostic; text?: string };

/**
 * Whether a directory entry is left out of a configuration, as Terraform leaves out editor and backup
 * files: names starting with "." or "#" (lock files, Emacs autosaves) or ending in "~".
 */
export function isIgnoredFile(name: string): boolean {
  return name.startsWith('.') || name.startsWith('#') || name.endsWith('~');
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Why path cannot be opened, in the user's terms (the errno code stays as a hint). */
function openProblem(file: string, path: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT': {
      let dangling = false;
      try {
        dangling = lstatSync(file).isSymbolicLink();
      } catch {
        // not there at all
      }
      return dangling ? `${path} is a symbolic link to a file that does not exist. Fix or remove the link.` : `There is no file at ${path}.`;
    }
    case 'ELOOP':
      return `${path} is a symbolic link that leads back to itself (a symlink loop). Fix or remove the link.`;
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read: permission denied. Make it readable (e.g. chmod u+r) or run as a user who can read it.`;
    case 'EISDIR':
      return `${path} is a directory, not a file. Rename it or move it out of the configuration directory.`;
    default:
      return `${path} cannot be read (${err.code ?? err.message}).`;
  }
}

const INVALID_ENCODING_DETAIL = 'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.';

/**
 * Reads a configuration source file. Anything but a regular file (a directory, FIFO, socket or device,
 * directly or through a symlink) is refused without reading from it; unreadable files, dangling links,
 * symlink loops and invalid UTF-8 come back as diagnostics naming the file. `file` is opened; `path` is
 * how messages and source ranges name it.
 */
export function readSourceFile(file: string, path = file, summary = 'Failed to read file'): SourceRead {
  const problem = (detail: string): SourceRead => ({ path, diagnostic: errorDiag(summary, detail, undefined) });
  try {
    const st = statSync(file);
    if (!st.isFile()) return problem(`${path} is ${kindOf(st)}, not a regular file; lvsplan only reads regular files. Rename it or move it out of the way.`);
  } catch (e) {
    return problem(openProblem(file, path, e as NodeJS.ErrnoException));
  }
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it must not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return problem(openProblem(file, path, e as NodeJS.ErrnoException));
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return problem(`${path} is ${kindOf(st)}, not a regular file; lvsplan only reads regular files.`);
    bytes = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, bytes, got, st.size - got, null);
      if (n === 0) break;
      got += n;
    }
    bytes = bytes.subarray(0, got);
  } catch (e) {
    return problem(openProblem(file, path, e as NodeJS.ErrnoException));
  } finally {
    closeSync(fd);
  }
  return decodeSource(path, bytes);
}

/** UTF-8 text of a source, or an "Invalid character encoding" error at the first byte that is not UTF-8. */
export function decodeSource(path: string, bytes: Buffer): SourceRead {
  try {
    return { path, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const text = bytes.toString('utf8');
    const bad = firstInvalidUtf16Offset(text, bytes);
    const loc = new Locator(path, text);
    return { path, text, diagnostic: errorDiag('Invalid character encoding', INVALID_ENCODING_DETAIL, loc.range(bad, bad + 1)) };
  }
}

/** A lower bound for the offset of the first replacement character that stands for invalid input (a genuine U+FFFD may come earlier). */
function firstInvalidUtf16Offset(text: string, bytes: Buffer): number {
  let i = text.indexOf('\ufffd');
  while (i >= 0) {
    const prefixBytes = Buffer.byteLength(text.slice(0, i), 'utf8');
    if (!(bytes[prefixBytes] === 0xef && bytes[prefixBytes + 1] === 0xbf && bytes[prefixBytes + 2] === 0xbd)) return i;
    i = text.indexOf('\ufffd', i + 1);
  }
  return 0;
}
