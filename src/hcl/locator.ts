import { PositionIndex } from './position-index.js';
import type { Pos, Range } from './range.js';

const CACHE_SIZE = 512;

/** Recently made ranges by span, direct-mapped. */
interface RangeCache {
  start: Int32Array;
  end: Int32Array;
  ranges: Range[];
}

/**
 * One source file's HCL Ranges, made from UTF-16 offset spans when asked for. The syntax tree keeps
 * offsets only; the line table is built the first time a position is needed. Recently made ranges are
 * kept by span, so a node read over and over (an expression evaluated once per for_each instance)
 * gives the same Range object each time rather than a new one.
 */
export class Locator {
  private index: PositionIndex | null = null;
  private cache: RangeCache | null = null;

  constructor(
    readonly filename: string,
    readonly src: string,
  ) {}

  pos(offset: number): Pos {
    if (this.index === null) this.index = new PositionIndex(this.src);
    return this.index.at(offset);
  }

  range(start: number, end: number): Range {
    const c = (this.cache ??= {
      start: new Int32Array(CACHE_SIZE).fill(-1),
      end: new Int32Array(CACHE_SIZE),
      ranges: new Array<Range>(CACHE_SIZE),
    });
    const slot = (Math.imul(start, 31) + end) & (CACHE_SIZE - 1);
    if (c.start[slot] === start && c.end[slot] === end) return c.ranges[slot];
    const r: Range = { filename: this.filename, start: this.pos(start), end: this.pos(end) };
    c.start[slot] = start;
    c.end[slot] = end;
    c.ranges[slot] = r;
    return r;
  }
}
