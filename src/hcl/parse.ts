import type { Block, File } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { parseBody } from './parse-body.js';
import { Peeker } from './peeker.js';
import { scanTokens } from './scanner.js';
import { checkInvalidTokens } from './token-diagnostics.js';
import { Tok } from './token.js';

/** Parses HCL native syntax. Never throws for bad input: problems come back as diagnostics. */
export function parseFile(source: string, filename: string): { file: File; diagnostics: Diagnostic[] } {
  return parseFileWith(source, filename, undefined);
}

/**
 * parseFile for callers that consume top-level blocks one at a time: each is passed to onBlock when parsed
 * and is not kept in file.body (blocks/items hold only attributes), so a large file's AST never piles up.
 */
export function parseFileEachBlock(
  source: string,
  filename: string,
  onBlock: (block: Block) => void,
): { file: File; diagnostics: Diagnostic[] } {
  return parseFileWith(source, filename, onBlock);
}

function parseFileWith(
  source: string,
  filename: string,
  onBlock: ((block: Block) => void) | undefined,
): { file: File; diagnostics: Diagnostic[] } {
  const tokens = scanTokens(source);
  try {
    const diagnostics = checkInvalidTokens(tokens, source, filename);
    const p = new Peeker(tokens, source, filename);
    const body = parseBody(p, Tok.EOF, onBlock);
    for (const d of p.diags) diagnostics.push(d);
    return { file: { filename, body, source }, diagnostics };
  } finally {
    tokens.release();
  }
}
