import { Locator } from '../locator.js';
import { decodeStringToken } from '../string-literal.js';
import { Tok } from '../token.js';
import { bracketChange, endsLine, FmtTokens } from './fmt-tokens.js';
import { quoteLabel } from './quote-label.js';

/** A replacement token: an index of an existing token, or a new token. */
type Piece = number | { type: number; text: string };

interface Edit {
  from: number;
  to: number;
  pieces: Piece[];
}

/**
 * What `terraform fmt` changes beyond layout (internal/command/fmt.go): an attribute value that is only
 * "${expr}" becomes expr, a variable's quoted or bare collection type becomes the type expression, and
 * block labels are written quoted. The tokens must come from a file that parsed without errors.
 */
export function applyTerraformRewrites(t: FmtTokens, filename: string): FmtTokens {
  const edits: Edit[] = [];
  const walker = new BodyWalker(t, new Locator(filename, t.src), edits);
  walker.body(0, false, 0);
  return edits.length === 0 ? t : rebuild(t, edits);
}

class BodyWalker {
  constructor(
    private readonly t: FmtTokens,
    private readonly loc: Locator,
    private readonly edits: Edit[],
  ) {}

  /**
   * Walks body items from token i to the "}" or EOF that ends the body; returns that token's index.
   * inVariable: this is the body of a top-level variable block.
   */
  body(i: number, inVariable: boolean, depth: number): number {
    const t = this.t;
    const type = t.type;
    for (;;) {
      const ty = type[i];
      if (ty === Tok.EOF || ty === Tok.CBrace) return i;
      if (ty !== Tok.Ident) {
        i++;
        continue;
      }
      const name = t.text(i);
      const next = this.skipComments(i + 1);
      if (type[next] === Tok.Equal) {
        i = this.attribute(this.skipComments(next + 1), inVariable && name === 'type');
        continue;
      }
      const open = this.labels(i + 1);
      i = this.body(open + 1, depth === 0 && name === 'variable', depth + 1) + 1;
    }
  }

  private skipComments(i: number): number {
    while (this.t.type[i] === Tok.Comment) i++;
    return i;
  }

  /** The value expression from token `start`; returns the index of the token that ends it. */
  private attribute(start: number, isVariableType: boolean): number {
    const type = this.t.type;
    let k = start;
    let depth = 0;
    for (;; k++) {
      const tk = type[k];
      if (tk === Tok.EOF) break;
      if (depth === 0 && (endsLine(tk) || tk === Tok.CBrace)) break;
      depth += bracketChange(tk);
    }
    let end = k;
    while (end > start && type[end - 1] === Tok.Comment) end--;
    const pieces = isVariableType ? this.typeExpr(start, end) : this.unwrapInterpolation(start, end);
    if (pieces !== null) this.edits.push({ from: start, to: end, pieces });
    return k;
  }

  /** "${expr}" alone as expr (in parentheses when it spans lines); null when the value is anything else. */
  private unwrapInterpolation(start: number, end: number): Piece[] | null {
    const type = this.t.type;
    if (end - start < 5) return null;
    if (type[start] !== Tok.OQuote || type[start + 1] !== Tok.TemplateInterp) return null;
    if (type[end - 2] !== Tok.TemplateSeqEnd || type[end - 1] !== Tok.CQuote) return null;
    let quotes = 0;
    for (let i = start + 2; i < end - 2; i++) {
      const ty = type[i];
      if (ty === Tok.OQuote) quotes++;
      else if (ty === Tok.CQuote) quotes--;
      else if (quotes > 0) continue;
      else if (ty === Tok.TemplateInterp || ty === Tok.TemplateSeqEnd || ty === Tok.QuotedLit) return null;
    }
    let from = start + 2;
    let to = end - 2;
    while (from < to && type[from] === Tok.Newline) from++;
    while (to > from && type[to - 1] === Tok.Newline) to--;
    const inner: Piece[] = [];
    let multiLine = false;
    for (let i = from; i < to; i++) {
      inner.push(i);
      if (type[i] === Tok.Newline) multiLine = true;
    }
    const parenthesised = to - from > 0 && type[from] === Tok.OParen && type[to - 1] === Tok.CParen;
    if (multiLine && !parenthesised) return [{ type: Tok.OParen, text: '(' }, ...inner, { type: Tok.CParen, text: ')' }];
    return inner;
  }

  /** A variable's type: "string", "list" and "map" (Terraform 0.11) and bare list/map/set as type expressions. */
  private typeExpr(start: number, end: number): Piece[] | null {
    const t = this.t;
    const type = t.type;
    const ident = (text: string) => ({ type: Tok.Ident, text });
    const call = (fn: string, arg: string): Piece[] => [ident(fn), { type: Tok.OParen, text: '(' }, ident(arg), { type: Tok.CParen, text: ')' }];
    if (end - start === 1 && type[start] === Tok.Ident) {
      const kw = t.text(start);
      return kw === 'list' || kw === 'map' || kw === 'set' ? call(kw, 'any') : null;
    }
    if (end - start === 3 && type[start] === Tok.OQuote && type[start + 1] === Tok.QuotedLit && type[start + 2] === Tok.CQuote) {
      const kw = t.text(start + 1);
      if (kw === 'string') return [ident('string')];
      if (kw === 'list' || kw === 'map') return call(kw, 'string');
    }
    return null;
  }

  /** Labels from token i up to the block's "{"; records their rewrite to quoted labels and returns the "{" index. */
  private labels(i: number): number {
    const t = this.t;
    const type = t.type;
    const from = i;
    let lastEnd = -1;
    const values: string[] = [];
    let same = true;
    while (type[i] !== Tok.OBrace) {
      if (type[i] === Tok.Ident) {
        values.push(t.text(i));
        same = false;
        lastEnd = ++i;
      } else if (type[i] === Tok.OQuote) {
        const open = i;
        let value = '';
        for (i++; type[i] !== Tok.CQuote; i++) value += decodeStringToken(t.src, t, i, true, this.loc, []);
        values.push(value);
        lastEnd = ++i;
        if (same) same = t.src.slice(t.start[open], t.end[i - 1]) === quoteLabel(value);
      } else {
        i++;
      }
    }
    if (lastEnd >= 0 && !(same && !this.hasComment(from, lastEnd))) {
      const pieces: Piece[] = [];
      for (const v of values) {
        pieces.push({ type: Tok.OQuote, text: '"' });
        const inner = quoteLabel(v).slice(1, -1);
        if (inner !== '') pieces.push({ type: Tok.QuotedLit, text: inner });
        pieces.push({ type: Tok.CQuote, text: '"' });
      }
      this.edits.push({ from, to: lastEnd, pieces });
    }
    return i;
  }

  private hasComment(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.t.type[i] === Tok.Comment) return true;
    return false;
  }
}

function rebuild(t: FmtTokens, edits: readonly Edit[]): FmtTokens {
  const out = new FmtTokens(t.src, t.length + 16);
  let i = 0;
  const copy = (k: number): void => {
    out.pushFrom(t, k);
    out.spaces[out.length - 1] = t.spaces[k];
  };
  for (const e of edits) {
    while (i < e.from) copy(i++);
    for (const p of e.pieces) {
      if (typeof p === 'number') copy(p);
      else out.pushSynth(p.type, p.text);
    }
    i = e.to;
  }
  while (i < t.length) copy(i++);
  return out;
}
