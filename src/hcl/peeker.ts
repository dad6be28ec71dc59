import type { Diagnostic } from './diagnostic.js';
import type { Range } from './range.js';
import { Tok, Token } from './token.js';

/** The parser's view of the token stream (hclsyntax/peeker.go): comments hidden, newlines optional. */
export class Peeker {
  next = 0;
  recovery = false;
  readonly diags: Diagnostic[] = [];
  private readonly nlStack: boolean[] = [true];
  private includeNl = true;
  private cacheAt = -1;
  private cacheNl = false;
  private cacheTok: Token | null = null;
  private cacheNext = 0;

  constructor(
    readonly tokens: Token[],
    readonly src: string,
    readonly filename: string,
  ) {}

  peek(): Token {
    if (this.cacheAt !== this.next || this.cacheNl !== this.includeNl) this.fill();
    return this.cacheTok as Token;
  }

  read(): Token {
    const t = this.peek();
    this.next = this.cacheNext;
    return t;
  }

  peekType(): number {
    return this.peek().type;
  }

  private fill(): void {
    const toks = this.tokens;
    const nl = this.includeNl;
    let i = this.next;
    for (; i < toks.length; i++) {
      const t = toks[i];
      const ty = t.type;
      if (ty === Tok.Comment) {
        if (nl && t.asNewline !== null) {
          this.setCache(t.asNewline, i + 1);
          return;
        }
        continue;
      }
      if (ty === Tok.Newline && !nl) continue;
      this.setCache(t, i + 1);
      return;
    }
    this.setCache(toks[toks.length - 1], toks.length);
  }

  private setCache(t: Token, nextIdx: number): void {
    this.cacheAt = this.next;
    this.cacheNl = this.includeNl;
    this.cacheTok = t;
    this.cacheNext = nextIdx;
  }

  range(t: Token): Range {
    return { filename: this.filename, start: t.startPos(), end: t.endPos() };
  }

  between(a: Range, b: Range): Range {
    return { filename: this.filename, start: a.start, end: b.end };
  }

  nextRange(): Range {
    return this.range(this.peek());
  }

  prevToken(): Token {
    if (this.next === 0) return this.peek();
    const t = this.tokens[this.next - 1];
    return t.type === Tok.Comment && t.asNewline !== null ? t.asNewline : t;
  }

  prevRange(): Range {
    return this.range(this.prevToken());
  }

  pushNewlines(include: boolean): void {
    this.nlStack.push(include);
    this.includeNl = include;
  }

  popNewlines(): void {
    this.nlStack.pop();
    this.includeNl = this.nlStack[this.nlStack.length - 1];
  }

  error(summary: string, detail: string, subject: Range, context?: Range): void {
    const d: Diagnostic = { severity: 'error', summary, detail, subject };
    if (context !== undefined) d.context = context;
    this.diags.push(d);
  }

  text(t: Token): string {
    return this.src.slice(t.start, t.end);
  }

  isKeyword(t: Token, kw: string): boolean {
    return t.type === Tok.Ident && t.end - t.start === kw.length && this.src.startsWith(kw, t.start);
  }

  /** Skips to the token closing the current bracket of type `end`, returning it (hclsyntax recover). */
  recover(end: number): Token {
    const start = oppositeBracket(end);
    this.recovery = true;
    let nest = 0;
    for (;;) {
      const tok = this.read();
      let ty = tok.type;
      if (end === Tok.TemplateSeqEnd && ty === Tok.TemplateControl) ty = Tok.TemplateInterp;
      if (ty === start) nest++;
      else if (ty === end) {
        if (nest < 1) return tok;
        nest--;
      } else if (ty === Tok.EOF) return tok;
    }
  }

  /** Skips to the next bracket of type `start` and then past its matching closer. */
  recoverOver(start: number): void {
    for (;;) {
      const t = this.read();
      if (t.type === start || t.type === Tok.EOF) break;
    }
    this.recover(oppositeBracket(start));
  }

  recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: number[] = [];
    for (;;) {
      const tok = this.read();
      switch (tok.type) {
        case Tok.Newline:
          if (open.length === 0) return;
          break;
        case Tok.EOF:
          return;
        case Tok.OBrace: case Tok.OBrack: case Tok.OParen: case Tok.OQuote: case Tok.OHeredoc:
        case Tok.TemplateInterp: case Tok.TemplateControl:
          open.push(tok.type);
          break;
        case Tok.CBrace: case Tok.CBrack: case Tok.CParen: case Tok.CQuote: case Tok.CHeredoc: {
          const opener = oppositeBracket(tok.type);
          while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
          if (open.length > 0) open.pop();
          break;
        }
        case Tok.TemplateSeqEnd:
          while (open.length > 0 && open[open.length - 1] !== Tok.TemplateInterp && open[open.length - 1] !== Tok.TemplateControl) open.pop();
          if (open.length > 0) open.pop();
          break;
      }
    }
  }
}

export function oppositeBracket(ty: number): number {
  switch (ty) {
    case Tok.OBrace: return Tok.CBrace;
    case Tok.OBrack: return Tok.CBrack;
    case Tok.OParen: return Tok.CParen;
    case Tok.OQuote: return Tok.CQuote;
    case Tok.OHeredoc: return Tok.CHeredoc;
    case Tok.CBrace: return Tok.OBrace;
    case Tok.CBrack: return Tok.OBrack;
    case Tok.CParen: return Tok.OParen;
    case Tok.CQuote: return Tok.OQuote;
    case Tok.CHeredoc: return Tok.OHeredoc;
    case Tok.TemplateControl: return Tok.TemplateSeqEnd;
    case Tok.TemplateInterp: return Tok.TemplateSeqEnd;
    case Tok.TemplateSeqEnd: return Tok.TemplateInterp;
    default: return Tok.Nil;
  }
}
