import type { Locator } from './locator.js';
import type { Range } from './range.js';

/** Keys the locator by a symbol, which generic walks over a node's own properties (Object.entries) do not see. */
const LOCATOR = Symbol('locator');

/**
 * The base of the parser's node classes: a node keeps the UTF-16 offsets of its source span, and its
 * HCL Range (line, column, byte) is made only when read.
 */
export abstract class SyntaxNode {
  // Declared, not defined: V8 constructs classes much faster when the base class has no field initializers.
  declare start: number;
  declare end: number;
  declare readonly [LOCATOR]: Locator;

  constructor(loc: Locator, start: number, end: number) {
    this.start = start;
    this.end = end;
    this[LOCATOR] = loc;
  }

  get range(): Range {
    return this[LOCATOR].range(this.start, this.end);
  }

  protected span(start: number, end: number): Range {
    return this[LOCATOR].range(start, end);
  }
}

/** The base class for nodes of one kind, kept on its prototype: every instance has the same, so none stores its own. */
export function nodeOfKind<K extends string>(kind: K) {
  abstract class OfKind extends SyntaxNode {
    declare readonly kind: K;
  }
  Object.defineProperty(OfKind.prototype, 'kind', { value: kind, enumerable: true });
  return OfKind;
}
