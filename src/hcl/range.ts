/** A position in a source file, as HashiCorp HCL defines it: 1-based line and column (column counts Unicode characters), 0-based byte offset. */
export interface Pos {
  line: number;
  column: number;
  byte: number;
}

/** A span of source text; `end` is exclusive. */
export interface Range {
  filename: string;
  start: Pos;
  end: Pos;
}

export function rangeBetween(from: Range, to: Range): Range {
  return { filename: from.filename, start: from.start, end: to.end };
}

export function emptyRangeAt(filename: string, pos: Pos): Range {
  return { filename, start: pos, end: pos };
}

export function formatRange(r: Range): string {
  return `${r.filename}:${r.start.line},${r.start.column}-${r.end.line},${r.end.column}`;
}
