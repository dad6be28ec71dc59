import type { AttributeNode, BlockNode, LabelNode } from './body-nodes.js';
import type { Diagnostic } from './diagnostic.js';
import { ItemStack } from './item-stack.js';
import type { Locator } from './locator.js';
import type { Range } from './range.js';
import { StringInterner } from './string-interner.js';
import { Tok, type TokenBuffer } from './token.js';

/**
 * The parser's view of the token stream (hclsyntax/peeker.go): comments hidden, newlines optional.
 * Tokens are indices into the TokenBuffer.
 */
export class Peeker {
  next = 0;
  recovery = false;
  readonly diags: Diagnostic[] = [];
  readonly strings: StringInterner;
  readonly filename: string;
  /** Scratch stacks where parseBody gathers a body's items (nested bodies push above their parent's). */
  readonly attrStack = new ItemStack<AttributeNode>();
  readonly blockStack = new ItemStack<BlockNode>();
  readonly itemStack = new ItemStack<AttributeNode | BlockNode>();
  readonly labelStack = new ItemStack<LabelNode>();
  private readonly nlStack: boolean[] = [true];
  private includeNl = true;
  private cacheAt = -1;
  private cacheNl = false;
  private cacheTok = 0;
  private cacheNext = 0;
  private readonly types: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(
    readonly tokens: TokenBuffer,
    readonly src: string,
    readonly loc: Locator,
  ) {
    this.types = tokens.type;
    this.starts = tokens.start;
    this.ends = tokens.end;
    this.filename = loc.filename;
    this.strings = new StringInterner(src);
  }

  peek(): number {
    if (this.cacheAt !== this.next || this.cacheNl !== this.includeNl) this.fill();
    return this.cacheTok;
  }

  read(): number {
    const t = this.peek();
    this.next = this.cacheNext;
    return t;
  }

  peekType(): number {
    return this.type(this.peek());
  }

  /** The token's type as the parser sees it (a line comment standing in for its newline is a Newline). */
  type(t: number): number {
    const ty = this.types[t];
    return ty === Tok.CommentNewline ? Tok.Newline : ty;
  }

  tstart(t: number): number {
    return this.starts[t];
  }

  tend(t: number): number {
    return this.ends[t];
  }

  tlen(t: number): number {
    return this.ends[t] - this.starts[t];
  }

  private fill(): void {
    const types = this.types;
    const n = this.tokens.length;
    const nl = this.includeNl;
    let i = this.next;
    for (; i < n; i++) {
      const ty = types[i];
      if (ty === Tok.Comment) continue;
      if (ty === Tok.CommentNewline || ty === Tok.Newline) {
        if (!nl) continue;
      }
      this.setCache(i, i + 1);
      return;
    }
    this.setCache(n - 1, n);
  }

  private setCache(t: number, nextIdx: number): void {
    this.cacheAt = this.next;
    this.cacheNl = this.includeNl;
    this.cacheTok = t;
    this.cacheNext = nextIdx;
  }

  /** A token's Range, for diagnostics. */
  range(t: number): Range {
    return this.loc.range(this.starts[t], this.ends[t]);
  }

  /** The range from the start of token a to the end of token b. */
  span(a: number, b: number): Range {
    return this.loc.range(this.starts[a], this.ends[b]);
  }

  between(a: Range, b: Range): Range {
    return { filename: this.filename, start: a.start, end: b.end };
  }

  nextRange(): Range {
    return this.range(this.peek());
  }

  prevToken(): number {
    if (this.next === 0) return this.peek();
    return this.next - 1;
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

  text(t: number): string {
    return this.strings.slice(this.starts[t], this.ends[t]);
  }

  isKeyword(t: number, kw: string): boolean {
    const s = this.starts[t];
    return this.types[t] === Tok.Ident && this.ends[t] - s === kw.length && this.src.startsWith(kw, s);
  }

  /** Skips to the token closing the current bracket of type `end`, returning it (hclsyntax recover). */
  recover(end: number): number {
    const start = oppositeBracket(end);
    this.recovery = true;
    let nest = 0;
    for (;;) {
      const tok = this.read();
      let ty = this.type(tok);
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
      const ty = this.type(this.read());
      if (ty === start || ty === Tok.EOF) break;
    }
    this.recover(oppositeBracket(start));
  }

  recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: number[] = [];
    for (;;) {
      const ty = this.type(this.read());
      switch (ty) {
        case Tok.Newline:
          if (open.length === 0) return;
          break;
        case Tok.EOF:
          return;
        case Tok.OBrace: case Tok.OBrack: case Tok.OParen: case Tok.OQuote: case Tok.OHeredoc:
        case Tok.TemplateInterp: case Tok.TemplateControl:
          open.push(ty);
          break;
        case Tok.CBrace: case Tok.CBrack: case Tok.CParen: case Tok.CQuote: case Tok.CHeredoc: {
          const opener = oppositeBracket(ty);
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
