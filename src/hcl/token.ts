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

let spare: { type: Uint8Array; start: Int32Array; end: Int32Array } | null = null;

/**
 * Scanned tokens stored column-wise in typed arrays (one entry per token, referred to by index), so a
 * large file does not allocate an object per token. start/end are UTF-16 offsets into the source.
 */
export class TokenBuffer {
  length = 0;
  /** Whether any token is of a kind that is never valid (BitwiseAnd..QuotedNewline), which checkInvalidTokens reports. */
  hasNeverValid = false;
  type: Uint8Array;
  start: Int32Array;
  end: Int32Array;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    const reuse = spare !== null && spare.type.length >= n ? spare : null;
    if (reuse !== null) spare = null;
    this.type = reuse?.type ?? new Uint8Array(n);
    this.start = reuse?.start ?? new Int32Array(n);
    this.end = reuse?.end ?? new Int32Array(n);
  }

  /**
   * Hands the arrays back for the next scan once the tokens are no longer needed: allocating tens of MB
   * of typed arrays per parse of a large file costs garbage collections (external memory pressure).
   */
  release(): void {
    if (spare === null || spare.type.length < this.type.length) {
      spare = { type: this.type, start: this.start, end: this.end };
    }
    this.length = 0;
  }

  push(type: number, s: number, e: number): void {
    if (type >= Tok.BitwiseAnd && type <= Tok.QuotedNewline) this.hasNeverValid = true;
    const i = this.length;
    if (i === this.type.length) this.grow();
    this.type[i] = type;
    this.start[i] = s;
    this.end[i] = e;
    this.length = i + 1;
  }

  private grow(): void {
    const n = this.type.length * 2;
    const type = new Uint8Array(n);
    type.set(this.type);
    this.type = type;
    const start = new Int32Array(n);
    start.set(this.start);
    this.start = start;
    const end = new Int32Array(n);
    end.set(this.end);
    this.end = end;
  }
}
