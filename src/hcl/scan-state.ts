import { identLength } from './scan-chars.js';
import { Tok, type TokenBuffer } from './token.js';

export const MODE_MAIN = 0;
export const MODE_STRING = 1;
export const MODE_HEREDOC = 2;

interface Heredoc {
  marker: string;
  startOfLine: boolean;
}

/**
 * What the scanner tracks besides its position: the stack of modes (main syntax, quoted string, heredoc)
 * and the braces that close template sequences. Its methods scan the rarer constructs and return the
 * offset after them; the caller reads `mode` again after any of them.
 */
export class ScanState {
  mode = MODE_MAIN;
  private readonly modes: number[] = [MODE_MAIN];
  private braces = 0;
  private readonly retBraces: number[] = [];
  private readonly heredocs: Heredoc[] = [];

  constructor(
    private readonly src: string,
    private readonly tokens: TokenBuffer,
  ) {}

  private pushMode(m: number): void {
    this.modes.push(m);
    this.mode = m;
  }

  private popMode(): void {
    const modes = this.modes;
    if (modes.length > 1) modes.pop();
    this.mode = modes[modes.length - 1];
  }

  openQuote(s: number): number {
    this.tokens.push(Tok.OQuote, s, s + 1);
    this.pushMode(MODE_STRING);
    return s + 1;
  }

  closeQuote(s: number): number {
    this.tokens.push(Tok.CQuote, s, s + 1);
    this.popMode();
    return s + 1;
  }

  openBrace(s: number): number {
    this.tokens.push(Tok.OBrace, s, s + 1);
    this.braces++;
    return s + 1;
  }

  /** "}": the end of a template sequence when it matches the brace that opened one, else a CBrace. */
  closeBrace(s: number): number {
    const ret = this.retBraces;
    if (ret.length > 0 && ret[ret.length - 1] === this.braces) {
      this.tokens.push(Tok.TemplateSeqEnd, s, s + 1);
      this.braces--;
      ret.pop();
      this.popMode();
    } else {
      this.tokens.push(Tok.CBrace, s, s + 1);
      this.braces--;
    }
    return s + 1;
  }

  /** "~}": always a template sequence end. */
  closeStrip(s: number): number {
    this.tokens.push(Tok.TemplateSeqEnd, s, s + 2);
    const ret = this.retBraces;
    if (ret.length > 0 && ret[ret.length - 1] === this.braces) {
      ret.pop();
      this.popMode();
    }
    this.braces--;
    return s + 2;
  }

  /** "${", "${~", "%{" or "%{~" at s in a template: opens a sequence; else -1. */
  openSeq(s: number, c: number): number {
    const src = this.src;
    if (src.charCodeAt(s + 1) !== 123) return -1;
    const e = src.charCodeAt(s + 2) === 126 ? s + 3 : s + 2;
    this.tokens.push(c === 36 ? Tok.TemplateInterp : Tok.TemplateControl, s, e);
    this.braces++;
    this.retBraces.push(this.braces);
    if (this.heredocs.length > 0) this.heredocs[this.heredocs.length - 1].startOfLine = false;
    this.pushMode(MODE_MAIN);
    return e;
  }

  lineComment(s: number): number {
    const src = this.src;
    let j = src.indexOf('\n', s);
    j = j < 0 ? src.length : j + 1;
    this.tokens.push(src.charCodeAt(j - 1) === 10 ? Tok.CommentNewline : Tok.Comment, s, j);
    return j;
  }

  /** "$$", "$${", "$${~" escapes or a lone sigil: end offset of that literal piece. */
  escapeOrSigilEnd(s: number, c: number): number {
    const src = this.src;
    if (src.charCodeAt(s + 1) === c && src.charCodeAt(s + 2) === 123) {
      return src.charCodeAt(s + 3) === 126 ? s + 4 : s + 3;
    }
    return s + 1;
  }

  /** An escape or lone sigil in a quoted string, as a QuotedLit (Invalid at the very end of the source). */
  quotedSigil(s: number, c: number): number {
    const n = this.src.length;
    if (s + 1 >= n) {
      this.tokens.push(Tok.Invalid, s, n);
      return n;
    }
    const e = this.escapeOrSigilEnd(s, c);
    this.tokens.push(Tok.QuotedLit, s, e);
    return e;
  }

  /** A heredoc literal from s that does not end a line. */
  heredocText(s: number, e: number): number {
    this.heredocs[this.heredocs.length - 1].startOfLine = false;
    this.tokens.push(Tok.StringLit, s, e);
    return e;
  }

  /** A heredoc line ending at the newline at nl (\n or \r\n): either the closing marker or a literal. */
  heredocLineEnd(s: number, nl: number): number {
    const src = this.src;
    const nlEnd = src.charCodeAt(nl) === 13 ? nl + 2 : nl + 1;
    const top = this.heredocs[this.heredocs.length - 1];
    if (top.startOfLine && src.slice(s, nl).trim() === top.marker) {
      this.tokens.push(Tok.CHeredoc, s, nl);
      this.tokens.push(Tok.Newline, nl, nlEnd);
      this.heredocs.pop();
      this.popMode();
      return nlEnd;
    }
    top.startOfLine = true;
    this.tokens.push(Tok.StringLit, s, nlEnd);
    return nlEnd;
  }

  /** "<<EOT\n" or "<<-EOT\n" at s: opens a heredoc; else -1. */
  heredocIntro(s: number): number {
    const src = this.src;
    let j = s + 2;
    if (src.charCodeAt(j) === 45) j++;
    const len = identLength(src, j);
    if (len === 0) return -1;
    const markerEnd = j + len;
    let e = markerEnd;
    if (src.charCodeAt(e) === 13) e++;
    if (src.charCodeAt(e) !== 10) return -1;
    this.tokens.push(Tok.OHeredoc, s, e + 1);
    this.heredocs.push({ marker: src.slice(j, markerEnd), startOfLine: true });
    this.pushMode(MODE_HEREDOC);
    return e + 1;
  }
}
