import { PositionCursor } from './position-cursor.js';
import type { Pos } from './range.js';

/**
 * Turns UTF-16 offsets into HCL positions on demand, so the scanner need not record line/column/byte
 * for every token. Lines are found in a table of line starts; in an ASCII source the column and byte
 * follow from the offset, otherwise a cursor walks from the line start (or from the last position asked
 * for, when that is earlier on the same line), since columns count characters and bytes count UTF-8.
 */
export class PositionIndex {
  private readonly lineStarts: Int32Array;
  /** UTF-8 offset of each line start; only for non-ASCII sources. */
  private readonly lineBytes: Int32Array | null;
  private readonly cursor: PositionCursor | null;
  private hint = 0;

  constructor(src: string) {
    let lines = 1;
    for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) lines++;
    const starts = new Int32Array(lines + 2);
    const bom = src.charCodeAt(0) === 0xfeff ? 1 : 0;
    starts[0] = bom;
    let k = 1;
    for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts[k++] = i + 1;
    starts[lines] = 0x7fffffff;
    starts[lines + 1] = 0x7fffffff;
    this.lineStarts = starts;
    // eslint-disable-next-line no-control-regex
    if (!/[^\x00-\x7f]/.test(src)) {
      this.lineBytes = null;
      this.cursor = null;
      return;
    }
    const cur = new PositionCursor(src);
    cur.reset(bom, 1, bom * 3);
    const bytes = new Int32Array(lines);
    for (let l = 0; l < lines; l++) {
      cur.advanceTo(starts[l]);
      bytes[l] = cur.byte;
    }
    this.lineBytes = bytes;
    this.cursor = cur;
    cur.reset(bom, 1, bom * 3);
  }

  /** The 0-based line index containing UTF-16 offset `off`. */
  private lineOf(off: number): number {
    const starts = this.lineStarts;
    let h = this.hint;
    if (off >= starts[h]) {
      if (off < starts[h + 1]) return h;
      if (off < starts[h + 2]) return (this.hint = h + 1);
    }
    let lo = 0;
    let hi = starts.length - 3;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }

  at(off: number): Pos {
    const l = this.lineOf(off);
    const cur = this.cursor;
    if (cur === null) return { line: l + 1, column: off - this.lineStarts[l] + 1, byte: off };
    if (cur.line !== l + 1 || cur.idx > off) cur.reset(this.lineStarts[l], l + 1, (this.lineBytes as Int32Array)[l]);
    cur.advanceTo(off);
    return { line: cur.line, column: cur.col, byte: cur.byte };
  }
}
