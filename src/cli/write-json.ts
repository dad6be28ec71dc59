import { jsonPieces } from '../render/json-pieces.js';
import type { CliIO } from './io.js';

/** About 1 MB: large enough that a piece is few writes, small enough that none is much of the memory. */
const PIECE_CHARS = 1 << 20;

/**
 * Writes JSON.stringify(value) and a newline to stdout in pieces, each handed on (a pipe's reader caught up)
 * before the next is made: neither the whole text nor a queue of it is ever in memory. A write error
 * (stdoutDrained rejects, or stdout throws) stops the writing and is the promise's rejection.
 */
export async function writeJson(io: Pick<CliIO, 'stdout' | 'stdoutDrained' | 'stdoutBytes'>, value: unknown, pieceChars = PIECE_CHARS): Promise<void> {
  if (io.stdoutBytes) return writeJsonBytes(io.stdoutBytes, value, pieceChars);
  let piece = '';
  for (const p of jsonPieces(value)) {
    piece += p;
    if (piece.length < pieceChars) continue;
    io.stdout(piece);
    piece = '';
    await io.stdoutDrained?.();
  }
  io.stdout(`${piece}\n`);
}

/**
 * The same, through stdoutBytes: the pieces are encoded into one buffer of about `pieceBytes`, written each time it is
 * full and reused once that write is handed on. A string per piece handed to stdout became a new buffer of its own
 * (86 MB of a 100,000-destination plan's -json: new memory to fault in, megabyte after megabyte).
 */
async function writeJsonBytes(write: (bytes: Uint8Array) => Promise<void>, value: unknown, pieceBytes: number): Promise<void> {
  const buf = Buffer.allocUnsafeSlow(pieceBytes);
  let used = 0;
  for (const pieces of [jsonPieces(value), ['\n']]) {
    for (const p of pieces) {
      // A separator (a comma between 110,000 changes) is stored, not handed to Buffer.write.
      if (p.length === 1 && p.charCodeAt(0) < 0x80 && used < buf.length) {
        buf[used++] = p.charCodeAt(0);
        continue;
      }
      // A UTF-16 code unit is at most 3 bytes of UTF-8.
      if (p.length * 3 > buf.length - used) {
        if (used > 0) await write(buf.subarray(0, used));
        used = 0;
        if (p.length * 3 > buf.length) {
          await write(Buffer.from(p, 'utf8'));
          continue;
        }
      }
      used += buf.write(p, used);
    }
  }
  if (used > 0) await write(buf.subarray(0, used));
}
