/**
 * A host's output as the pieces it arrived in, read in place. A large director's read is about 13 MB in
 * some 200 pieces: joining them into one buffer and decoding that into one string costs as much as parsing
 * the IPVS table, so the sections are found and their lines read across the pieces instead, and only what
 * is kept (an address, a small section's text) becomes a string.
 */
export class ReadBytes {
  readonly length: number;

  private constructor(
    private readonly chunks: readonly Buffer[],
    /** Where each chunk starts, in the whole. */
    private readonly starts: readonly number[],
  ) {
    const last = chunks.length - 1;
    this.length = last < 0 ? 0 : starts[last]! + chunks[last]!.length;
  }

  /** The bytes of a text (as UTF-8) or of pieces in arrival order. */
  static of(from: string | readonly Buffer[] | ReadBytes): ReadBytes {
    if (from instanceof ReadBytes) return from;
    const chunks = typeof from === 'string' ? [Buffer.from(from, 'utf8')] : from.filter((c) => c.length > 0);
    const starts: number[] = [];
    let at = 0;
    for (const c of chunks) {
      starts.push(at);
      at += c.length;
    }
    return new ReadBytes(chunks, starts);
  }

  /** The bytes from `from` to `to` (clamped to the whole), sharing the pieces' memory. */
  view(from: number, to: number): ReadBytes {
    const lo = Math.max(0, from);
    const hi = Math.min(this.length, to);
    if (hi <= lo) return ReadBytes.of([]);
    const chunks: Buffer[] = [];
    const starts: number[] = [];
    for (let i = this.chunkAt(lo); i < this.chunks.length && this.starts[i]! < hi; i++) {
      const c = this.chunks[i]!;
      const s = this.starts[i]!;
      starts.push(Math.max(s, lo) - lo);
      chunks.push(c.subarray(Math.max(0, lo - s), Math.min(c.length, hi - s)));
    }
    return new ReadBytes(chunks, starts);
  }

  /** The bytes from `from` to `to` decoded as UTF-8: a string of its own, sharing no memory with the output. */
  text(from = 0, to = this.length): string {
    const lo = Math.max(0, from);
    const hi = Math.min(this.length, to);
    if (hi <= lo) return '';
    const i = this.chunkAt(lo);
    const c = this.chunks[i]!;
    const s = this.starts[i]!;
    if (hi - s <= c.length) return c.toString('utf8', lo - s, hi - s);
    return this.copy(lo, hi).toString('utf8');
  }

  /** The first position at or after `from` where `pattern` starts, or -1. */
  indexOf(pattern: Buffer, from = 0): number {
    if (from < 0) from = 0;
    const n = pattern.length;
    for (let i = this.chunkAt(from); i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      const s = this.starts[i]!;
      const inChunk = c.indexOf(pattern, Math.max(0, from - s));
      if (inChunk >= 0) return s + inChunk;
      // One that begins in this piece and ends in a later one.
      const end = s + c.length;
      if (n > 1 && end < this.length) {
        const lo = Math.max(from, end - (n - 1));
        const window = this.copy(lo, Math.min(this.length, end + n - 1));
        const across = window.indexOf(pattern);
        if (across >= 0) return lo + across;
      }
    }
    return -1;
  }

  startsWith(pattern: Buffer, at: number): boolean {
    if (at < 0 || at + pattern.length > this.length) return false;
    const i = this.chunkAt(at);
    const c = this.chunks[i]!;
    const local = at - this.starts[i]!;
    if (local + pattern.length <= c.length) return c.compare(pattern, 0, pattern.length, local, local + pattern.length) === 0;
    return this.copy(at, at + pattern.length).equals(pattern);
  }

  endsWith(pattern: Buffer): boolean {
    return this.startsWith(pattern, this.length - pattern.length);
  }

  /**
   * Calls `each` with every line and its 0-based number, as text.split('\n') would give them: the line is
   * buf[start, end). A line within one piece is read in place; one across pieces is copied first.
   */
  eachLine(each: (buf: Buffer, start: number, end: number, n: number) => void): void {
    let n = 0;
    // The start of a line begun in an earlier piece, as the pieces it has so far.
    let carried: Buffer[] = [];
    for (const c of this.chunks) {
      let start = 0;
      // Buffer's indexOf, not a loop over the bytes: a CLI runs this once, mostly before the loop would be compiled,
      // and the interpreter's loop took 25-80 ms for the 8 MB of a 100,000-destination table against 3-16 ms.
      for (let nl = c.indexOf(10); nl >= 0; nl = c.indexOf(10, start)) {
        if (carried.length > 0) {
          carried.push(c.subarray(0, nl));
          const line = Buffer.concat(carried);
          carried = [];
          each(line, 0, line.length, n++);
        } else each(c, start, nl, n++);
        start = nl + 1;
      }
      if (start < c.length) carried.push(c.subarray(start));
    }
    const rest = Buffer.concat(carried);
    each(rest, 0, rest.length, n);
  }

  /** The piece that holds position `at` (the last piece for the end). */
  private chunkAt(at: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The bytes from `lo` to `hi` as one buffer of their own. */
  private copy(lo: number, hi: number): Buffer {
    const out = Buffer.allocUnsafe(hi - lo);
    let w = 0;
    for (let i = this.chunkAt(lo); i < this.chunks.length && w < out.length; i++) {
      const c = this.chunks[i]!;
      const s = this.starts[i]!;
      w += c.copy(out, w, Math.max(0, lo - s), Math.min(c.length, hi - s));
    }
    return out;
  }
}
