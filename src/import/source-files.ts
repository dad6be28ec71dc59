import type { Range } from '../hcl/range.js';

/** How a converter reads its input files: injected, so the converters stay pure. */
export interface SourceFiles {
  /** The file's text, or an error message. */
  read(path: string): { text: string } | { error: string };
  /** The paths a glob pattern (with *, ?, [...] and {a,b}) matches, sorted; an absolute or already-resolved pattern. */
  glob(pattern: string): string[];
}

const utf8 = new TextEncoder();

/** Ranges into one source text by line and column (1-based), with the byte offsets the diagnostic renderer needs. */
export class LineLocator {
  private readonly lineBytes: number[] = [0];
  private readonly lines: string[];
  constructor(
    readonly filename: string,
    text: string,
  ) {
    this.lines = text.split('\n');
    let b = 0;
    for (const l of this.lines) {
      b += utf8.encode(l).length + 1;
      this.lineBytes.push(b);
    }
  }

  /** The range of columns [from, to) (0-based character indexes) on a 1-based line. */
  range(line: number, from: number, to: number): Range {
    const text = this.lines[line - 1] ?? '';
    const base = this.lineBytes[line - 1] ?? 0;
    const at = (i: number) => ({ line, column: i + 1, byte: base + utf8.encode(text.slice(0, i)).length });
    return { filename: this.filename, start: at(from), end: at(Math.max(from, to)) };
  }

  lineRange(line: number): Range {
    return this.range(line, 0, (this.lines[line - 1] ?? '').length);
  }
}
