import { PositionIndex } from './position-index.js';
import type { Pos, Range } from './range.js';

/**
 * One source file's HCL Ranges, made from UTF-16 offset spans when asked for. The syntax tree keeps
 * offsets only; the line table is built the first time a position is needed.
 */
export class Locator {
  private index: PositionIndex | null = null;

  constructor(
    readonly filename: string,
    readonly src: string,
  ) {}

  pos(offset: number): Pos {
    if (this.index === null) this.index = new PositionIndex(this.src);
    return this.index.at(offset);
  }

  range(start: number, end: number): Range {
    return { filename: this.filename, start: this.pos(start), end: this.pos(end) };
  }
}
