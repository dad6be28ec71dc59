import type { Range } from '../hcl/range.js';

/** The source lines a range covers, with the range's position inside them (UTF-8 byte offsets). */
export interface SourceSnippet {
  startLine: number;
  lines: string[];
  /** Byte offsets of the highlight within lines.join('\n'). */
  highlightStart: number;
  highlightEnd: number;
}

const encoder = new TextEncoder();

function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Finds the lines of `source` covering `range` (a range whose lines are past the end yields null). Lines
 * are shown without their line ending, so with CRLF line endings the highlight is mapped line by line.
 */
export function snippetFor(source: string, range: Range): SourceSnippet | null {
  const raw = source.split('\n');
  const first = range.start.line;
  let last = Math.max(range.end.line, first);
  if (first < 1 || first > raw.length) return null;
  if (last > raw.length) last = raw.length;
  if (range.end.column === 1 && last > first && range.end.line === last) last--;
  const rawLines = raw.slice(first - 1, last);
  const lines = rawLines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let lineStartByte = 0;
  for (let i = 0; i < first - 1; i++) lineStartByte += byteLength(raw[i]) + 1;
  const total = byteLength(lines.join('\n'));
  /** A byte offset in the source as an offset in lines.join('\n'). */
  const toSnippet = (b: number): number => {
    let rel = b - lineStartByte;
    let out = 0;
    if (rel <= 0) return 0;
    for (let k = 0; k < lines.length; k++) {
      const rawLen = byteLength(rawLines[k]);
      const shown = byteLength(lines[k]);
      if (rel <= rawLen) return out + Math.min(rel, shown);
      rel -= rawLen + 1;
      out += shown + 1;
    }
    return total;
  };
  return {
    startLine: first,
    lines,
    highlightStart: toSnippet(range.start.byte),
    highlightEnd: toSnippet(range.end.byte),
  };
}

/** Splits a line into (before, highlighted, after) by UTF-8 byte offsets relative to the line start. */
export function splitLineByBytes(line: string, from: number, to: number): [string, string, string] {
  const bytes = encoder.encode(line);
  const dec = new TextDecoder();
  const a = Math.max(0, Math.min(bytes.length, from));
  const b = Math.max(a, Math.min(bytes.length, to));
  return [dec.decode(bytes.subarray(0, a)), dec.decode(bytes.subarray(a, b)), dec.decode(bytes.subarray(b))];
}

export { byteLength };
