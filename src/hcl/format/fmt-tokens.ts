import { Tok, type TokenBuffer } from '../token.js';

/**
 * The token stream the formatter lays out: the scanner's tokens, with the Terraform rewrites applied
 * (some replaced by tokens of new text), and the number of spaces to write before each one.
 * A token's text is src.slice(start, end), or synth[-start - 1] for a token the rewrites made.
 */
export class FmtTokens {
  length = 0;
  type: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  spaces: Int32Array;
  readonly synth: string[] = [];

  constructor(
    readonly src: string,
    capacity: number,
  ) {
    this.type = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.spaces = new Int32Array(capacity);
  }

  /** The scanner's tokens as they are (the spaces before each as in the source, for the one token layout never places: EOF). */
  static fromScan(src: string, scanned: TokenBuffer): FmtTokens {
    const n = scanned.length;
    const t = new FmtTokens(src, n);
    t.type.set(scanned.type.subarray(0, n));
    t.start.set(scanned.start.subarray(0, n));
    t.end.set(scanned.end.subarray(0, n));
    t.length = n;
    t.setSourceGaps();
    return t;
  }

  /** A copy of `from`'s token i. */
  pushFrom(from: FmtTokens, i: number): void {
    this.push(from.type[i], from.start[i], from.end[i]);
  }

  pushSynth(type: number, text: string): void {
    this.synth.push(text);
    this.push(type, -this.synth.length, 0);
  }

  text(i: number): string {
    const s = this.start[i];
    return s >= 0 ? this.src.slice(s, this.end[i]) : this.synth[-s - 1];
  }

  /** Spaces before each token as the source has them (a tab counts one, as in hclwrite's lexer). */
  setSourceGaps(): void {
    let last = this.src.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (let i = 0; i < this.length; i++) {
      const s = this.start[i];
      if (s < 0) {
        this.spaces[i] = 0;
        continue;
      }
      this.spaces[i] = s - last;
      last = this.end[i];
    }
  }

  private push(type: number, s: number, e: number): void {
    const i = this.length;
    if (i === this.type.length) this.grow();
    this.type[i] = type;
    this.start[i] = s;
    this.end[i] = e;
    this.length = i + 1;
  }

  private grow(): void {
    const n = Math.max(16, this.type.length * 2);
    const type = new Uint8Array(n);
    type.set(this.type);
    this.type = type;
    for (const k of ['start', 'end', 'spaces'] as const) {
      const a = new Int32Array(n);
      a.set(this[k]);
      this[k] = a;
    }
  }
}

export function isComment(type: number): boolean {
  return type === Tok.Comment || type === Tok.CommentNewline;
}

/** Ends a line: a newline, or a line comment, which takes its newline with it. */
export function endsLine(type: number): boolean {
  return type === Tok.Newline || type === Tok.CommentNewline;
}

export function bracketChange(type: number): number {
  switch (type) {
    case Tok.OBrace: case Tok.OBrack: case Tok.OParen: case Tok.TemplateControl: case Tok.TemplateInterp:
      return 1;
    case Tok.CBrace: case Tok.CBrack: case Tok.CParen: case Tok.TemplateSeqEnd:
      return -1;
    default:
      return 0;
  }
}
