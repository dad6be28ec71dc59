import type { File } from './ast.js';
import { BodyNode, type BlockNode } from './body-nodes.js';
import type { Diagnostic } from './diagnostic.js';
import { Locator } from './locator.js';
import { checkNesting } from './nesting-limit.js';
import { parseBody } from './parse-body.js';
import { Peeker } from './peeker.js';
import { scanTokens } from './scanner.js';
import { checkInvalidTokens } from './token-diagnostics.js';
import { Tok, type TokenBuffer } from './token.js';

/** A parsed file as the parser's node classes, which give the UTF-16 offsets of each node's span. */
export interface SyntaxFile extends File {
  body: BodyNode;
}

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
  onBlock: (block: BlockNode) => void,
): { file: SyntaxFile; diagnostics: Diagnostic[] } {
  return parseFileWith(source, filename, onBlock);
}

function parseFileWith(
  source: string,
  filename: string,
  onBlock: ((block: BlockNode) => void) | undefined,
): { file: SyntaxFile; diagnostics: Diagnostic[] } {
  const tokens = scanTokens(source);
  try {
    return parseScanned(source, filename, tokens, onBlock);
  } finally {
    tokens.release();
  }
}

/** Parses tokens the caller scanned from source (and releases when done with them). */
export function parseScanned(
  source: string,
  filename: string,
  tokens: TokenBuffer,
  onBlock?: (block: BlockNode) => void,
): { file: SyntaxFile; diagnostics: Diagnostic[] } {
  const loc = new Locator(filename, source);
  const tooDeep = checkNesting(tokens, loc);
  if (tooDeep !== null) return { file: { filename, body: new BodyNode(loc, 0, source.length, [], [], []), source }, diagnostics: [tooDeep] };
  const diagnostics = checkInvalidTokens(tokens, source, loc);
  const p = new Peeker(tokens, source, loc);
  const body = parseBody(p, Tok.EOF, onBlock);
  for (const d of p.diags) diagnostics.push(d);
  return { file: { filename, body, source }, diagnostics };
}
