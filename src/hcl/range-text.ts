import type { Range } from './range.js';

/** hcl.Range.String(): "file:L,C-C" on one line, "file:L,C-L,C" across lines. */
export function formatHclRange(r: Range): string {
  if (r.start.line === r.end.line) {
    return `${r.filename}:${r.start.line},${r.start.column}-${r.end.column}`;
  }
  return `${r.filename}:${r.start.line},${r.start.column}-${r.end.line},${r.end.column}`;
}
