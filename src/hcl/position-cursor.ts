/**
 * Walks a source string forward, keeping HCL's position data: 1-based line, 1-based column counting
 * characters (approximating grapheme clusters: combining marks do not advance the column) and the
 * 0-based UTF-8 byte offset. Positions must be asked for in non-decreasing offset order.
 */
export class PositionCursor {
  idx = 0;
  line = 1;
  col = 1;
  byte = 0;
  private joinNext = false;

  constructor(private readonly src: string) {}

  /** Moves to offset idx, known to be at the given line with column 1 (a line start). */
  reset(idx: number, line: number, byte: number): void {
    this.idx = idx;
    this.line = line;
    this.col = 1;
    this.byte = byte;
    this.joinNext = false;
  }

  advanceTo(target: number): void {
    const src = this.src;
    let i = this.idx;
    let line = this.line;
    let col = this.col;
    let byte = this.byte;
    while (i < target) {
      const c = src.charCodeAt(i);
      if (c < 0x80) {
        if (c === 10) {
          line++;
          col = 1;
        } else {
          col++;
        }
        byte++;
        i++;
        this.joinNext = false;
        continue;
      }
      let cp = c;
      let units = 1;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < src.length) {
        const d = src.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          units = 2;
        }
      }
      byte += cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (this.joinNext || extendsCluster(cp)) {
        this.joinNext = cp === 0x200d;
      } else {
        col++;
      }
      i += units;
    }
    this.idx = i;
    this.line = line;
    this.col = col;
    this.byte = byte;
  }
}

function extendsCluster(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    cp === 0x200d ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}
