import type { Pos, Range } from './range.js';

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
  Nil: 0,
} as const;

export type TokType = (typeof Tok)[keyof typeof Tok];

/** One scanned token; `start`/`end` are UTF-16 offsets into the source, the rest is HCL position data. */
export class Token {
  /** For a line comment ending in a newline: the newline the peeker substitutes for it. */
  asNewline: Token | null = null;
  constructor(
    public type: number,
    public start: number,
    public end: number,
    public sl: number,
    public sc: number,
    public sb: number,
    public el: number,
    public ec: number,
    public eb: number,
  ) {}

  startPos(): Pos {
    return { line: this.sl, column: this.sc, byte: this.sb };
  }

  endPos(): Pos {
    return { line: this.el, column: this.ec, byte: this.eb };
  }
}

export function tokenRange(t: Token, filename: string): Range {
  return { filename, start: t.startPos(), end: t.endPos() };
}
