import { jsonPieces } from '../render/json-pieces.js';
import type { CliIO } from './io.js';

/** About 1 MB: large enough that a piece is few writes, small enough that none is much of the memory. */
const PIECE_CHARS = 1 << 20;

/**
 * Writes JSON.stringify(value) and a newline to stdout in pieces, each handed on (a pipe's reader caught up)
 * before the next is made: neither the whole text nor a queue of it is ever in memory. A write error
 * (stdoutDrained rejects, or stdout throws) stops the writing and is the promise's rejection.
 */
export async function writeJson(io: Pick<CliIO, 'stdout' | 'stdoutDrained'>, value: unknown, pieceChars = PIECE_CHARS): Promise<void> {
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
