import type { Range } from './range.js';

/** Token kinds of the HCL native syntax scanner (hclsyntax/token.go). */
export const Tok = {
  OBrace: 1, CBrace: 2, OBrack: 3, CBrack: 4, OParen: 5, CParen: 6,
  OQuote: 7, CQuote: 8, OHeredoc: 9, CHeredoc: 10,
  Star: 11, Slash: 12, Plus: 13, Minus: 14, Percent: 15,
  Equal: 16, EqualOp: 17, NotEqual: 18, LessThan: 19, LessThanEq: 20, GreaterThan: 21, GreaterThanEq: 22,
  And: 23, Or: 24, Bang: 25, Dot: 26, Comma: 27, DoubleColon: 28, Ellipsis: 29, FatArrow: 30,
  Question: 31, Colon: 32,
  TemplateInterp: 33, TemplateControl: 34, TemplateSeqEnd: 35,
  QuotedLit: 36, StringLit: 37, NumberLit: 38, Ident: 39, Comment: 40, Newline: 41, EOF: 42,
  BitwiseAnd: 43, BitwiseOr: 44, BitwiseNot: 45, BitwiseXor: 46, Apostrophe: 47, Backtick: 48,
  Semicolon: 49, Invalid: 50, QuotedNewline: 51,
  /** A line comment that ends with a newline; the parser sees it as a Newline where newlines matter. */
  CommentNewline: 52,
  Nil: 0,
} as const;

/**
 * Scanned tokens stored column-wise in typed arrays (one entry per token, referred to by index), so a
 * large file does not allocate an object per token. start/end are UTF-16 offsets into the source; the
 * rest is HCL position data (line, column, byte) of the start and end.
 */
export class TokenBuffer {
  length = 0;
  type: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  sl: Int32Array;
  sc: Int32Array;
  sb: Int32Array;
  el: Int32Array;
  ec: Int32Array;
  eb: Int32Array;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.type = new Uint8Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.sl = new Int32Array(n);
    this.sc = new Int32Array(n);
    this.sb = new Int32Array(n);
    this.el = new Int32Array(n);
    this.ec = new Int32Array(n);
    this.eb = new Int32Array(n);
  }

  push(type: number, s: number, e: number, sl: number, sc: number, sb: number, el: number, ec: number, eb: number): number {
    const i = this.length;
    if (i === this.type.length) this.grow();
    this.type[i] = type;
    this.start[i] = s;
    this.end[i] = e;
    this.sl[i] = sl;
    this.sc[i] = sc;
    this.sb[i] = sb;
    this.el[i] = el;
    this.ec[i] = ec;
    this.eb[i] = eb;
    this.length = i + 1;
    return i;
  }

  range(i: number, filename: string): Range {
    return {
      filename,
      start: { line: this.sl[i], column: this.sc[i], byte: this.sb[i] },
      end: { line: this.el[i], column: this.ec[i], byte: this.eb[i] },
    };
  }

  private grow(): void {
    const n = this.type.length * 2;
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.type = g8(this.type);
    this.start = g32(this.start);
    this.end = g32(this.end);
    this.sl = g32(this.sl);
    this.sc = g32(this.sc);
    this.sb = g32(this.sb);
    this.el = g32(this.el);
    this.ec = g32(this.ec);
    this.eb = g32(this.eb);
  }
}
