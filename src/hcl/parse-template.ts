import { LabelNode } from './body-nodes.js';
import { LiteralNode, TemplateNode, TemplateWrapNode, type ExprNode } from './expr-nodes.js';
import { parseExpression, placeholder } from './parse-expression.js';
import type { Peeker } from './peeker.js';
import { formatHclRange } from './range-text.js';
import type { Range } from './range.js';
import { decodeStringToken } from './string-literal.js';
import { closest } from './suggest.js';
import {
  TemplateForNode, TemplateIfNode, TemplateInterpolationNode, TemplateLiteralNode, type TemplatePartNode,
} from './template-nodes.js';
import { Tok } from './token.js';

/** A template's flat sequence of literals, interpolations and directive markers, with UTF-16 source spans. */
type Piece = { start: number; end: number } & (
  | { k: 'lit'; val: string }
  | { k: 'interp'; expr: ExprNode; stripLeft: boolean; stripRight: boolean }
  | { k: 'if'; cond: ExprNode }
  | { k: 'for'; keyVar: string | null; valueVar: string; coll: ExprNode }
  | { k: 'else' | 'endif' | 'endfor' }
  | { k: 'end' });

const TEMPLATE_KEYWORDS = ['if', 'for', 'else', 'endif', 'endfor'];

/** Parses a quoted template or heredoc starting at the opening token (hclsyntax parseTemplateInner). */
export function parseTemplateExpr(p: Peeker): ExprNode {
  const open = p.read();
  const simple = simpleQuotedString(p, open);
  if (simple !== null) return simple;
  const heredoc = p.type(open) === Tok.OHeredoc;
  const close = heredoc ? Tok.CHeredoc : Tok.CQuote;
  const flush = heredoc && p.src.charCodeAt(p.tstart(open) + 2) === 45;
  const pieces = parseTemplateParts(p, close);
  if (flush) flushHeredoc(pieces);
  meldLiterals(pieces);
  const cursor = { pos: 0 };
  const parts = parseParts(p, pieces, cursor);
  const start = p.tstart(open);
  const end = p.tend(p.prevToken());
  if (pieces.length === 2 && pieces[0].k === 'interp') return new TemplateWrapNode(p.loc, start, end, pieces[0].expr);
  if (!heredoc && parts.length === 1 && parts[0].kind === 'TemplateLiteral') return new LiteralNode(p.loc, start, end, parts[0].value);
  return new TemplateNode(p.loc, start, end, parts, heredoc);
}

/** Fast path for the common "plain text" string: one literal token without escapes, then the closing quote. */
function simpleQuotedString(p: Peeker, open: number): ExprNode | null {
  if (p.type(open) !== Tok.OQuote) return null;
  const i = p.next;
  const lit = i;
  if (p.type(lit) === Tok.CQuote) {
    p.next = i + 1;
    return new LiteralNode(p.loc, p.tstart(open), p.tend(lit), '');
  }
  if (p.type(lit) !== Tok.QuotedLit || p.type(i + 1) !== Tok.CQuote) return null;
  const value = p.strings.plainSlice(p.tstart(lit), p.tend(lit));
  if (value === null) return null;
  p.next = i + 2;
  return new LiteralNode(p.loc, p.tstart(open), p.tend(i + 1), value);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

function trimRightSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}

function parseTemplateParts(p: Peeker, end: number): Piece[] {
  const pieces: Piece[] = [];
  const startTok = p.peek();
  let ltrimNext = false;
  let nextCanTrimPrev = false;
  let endTok: number;
  const trimPrev = (canTrimPrev: boolean, tokLen: number) => {
    if (canTrimPrev && tokLen === 3 && pieces.length > 0) {
      const prev = pieces[pieces.length - 1];
      if (prev.k === 'lit') prev.val = trimRightSpace(prev.val);
    }
  };
  for (;;) {
    const next = p.read();
    if (p.type(next) === end) {
      endTok = next;
      break;
    }
    const ltrim = ltrimNext;
    ltrimNext = false;
    const canTrimPrev = nextCanTrimPrev;
    nextCanTrimPrev = false;
    if (p.type(next) === Tok.StringLit || p.type(next) === Tok.QuotedLit) {
      let str = decodeStringToken(p.src, p.tokens, next, p.type(next) === Tok.QuotedLit, p.loc, p.diags);
      if (ltrim) str = trimLeftSpace(str);
      pieces.push({ k: 'lit', val: str, start: p.tstart(next), end: p.tend(next) });
      nextCanTrimPrev = true;
    } else if (p.type(next) === Tok.TemplateInterp) {
      const stripLeft = p.tend(next) - p.tstart(next) === 3;
      trimPrev(canTrimPrev, p.tend(next) - p.tstart(next));
      p.pushNewlines(false);
      const expr = parseExpression(p);
      const close = p.peek();
      let stripRight = false;
      if (p.type(close) !== Tok.TemplateSeqEnd) {
        if (!p.recovery) {
          if (p.type(close) === Tok.EOF) {
            p.error('Unclosed template interpolation sequence',
              'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.',
              p.range(startTok));
          } else if (p.type(close) === Tok.Colon) {
            p.error('Extra characters after interpolation expression',
              'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".',
              p.range(close), p.between(p.range(startTok), p.range(close)));
          } else if ((p.type(close) === Tok.CQuote || p.type(close) === Tok.OQuote) && end === Tok.CQuote) {
            p.error('Unclosed template interpolation sequence',
              'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.',
              p.range(startTok));
          } else {
            p.error('Extra characters after interpolation expression',
              'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".',
              p.range(close), p.between(p.range(startTok), p.range(close)));
          }
        }
        p.recover(Tok.TemplateSeqEnd);
      } else {
        p.read();
        if (p.tend(close) - p.tstart(close) === 2) {
          ltrimNext = true;
          stripRight = true;
        }
      }
      p.popNewlines();
      pieces.push({ k: 'interp', expr, stripLeft, stripRight, start: p.tstart(next), end: p.tend(close) });
    } else if (p.type(next) === Tok.TemplateControl) {
      trimPrev(canTrimPrev, p.tend(next) - p.tstart(next));
      p.pushNewlines(false);
      const kw = p.peek();
      if (p.type(kw) !== Tok.Ident) {
        if (!p.recovery) {
          p.error('Invalid template directive',
            'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
            p.range(kw), p.between(p.range(next), p.range(kw)));
        }
        p.recover(Tok.TemplateSeqEnd);
        p.popNewlines();
        continue;
      }
      p.read();
      const word = p.text(kw);
      const openStart = p.tstart(next);
      if (word === 'if') {
        const cond = parseExpression(p);
        pieces.push({ k: 'if', cond, start: openStart, end: p.tend(p.peek()) });
      } else if (word === 'else' || word === 'endif' || word === 'endfor') {
        pieces.push({ k: word, start: openStart, end: p.tend(p.peek()) });
      } else if (word === 'for') {
        const bad = (detail: string): boolean => {
          if (!p.recovery) p.error("Invalid 'for' directive", detail, p.nextRange());
          p.recover(Tok.TemplateSeqEnd);
          p.popNewlines();
          return true;
        };
        if (p.peekType() !== Tok.Ident && bad("For directive requires variable name after 'for'.")) continue;
        let valueVar = p.text(p.read());
        let keyVar: string | null = null;
        if (p.peekType() === Tok.Comma) {
          keyVar = valueVar;
          p.read();
          if (p.peekType() !== Tok.Ident && bad('For directive requires value variable name after comma.')) continue;
          valueVar = p.text(p.read());
        }
        if (!p.isKeyword(p.peek(), 'in') && bad("For directive requires 'in' keyword after names.")) continue;
        p.read();
        const coll = parseExpression(p);
        pieces.push({ k: 'for', keyVar, valueVar, coll, start: openStart, end: p.tend(p.peek()) });
      } else {
        if (!p.recovery) {
          const suggestion = closest(word, TEMPLATE_KEYWORDS);
          p.error('Invalid template control keyword',
            `${JSON.stringify(word)} is not a valid template control keyword.${suggestion ? ` Did you mean ${JSON.stringify(suggestion)}?` : ''}`,
            p.range(kw), p.between(p.range(next), p.range(kw)));
        }
        p.recover(Tok.TemplateSeqEnd);
        p.popNewlines();
        continue;
      }
      const close = p.peek();
      if (p.type(close) !== Tok.TemplateSeqEnd) {
        if (!p.recovery) {
          p.error(`Extra characters in ${word} marker`, 'Expected a closing brace to end the sequence, but found extra characters.',
            p.range(close), p.between(p.range(startTok), p.range(close)));
        }
        p.recover(Tok.TemplateSeqEnd);
      } else {
        p.read();
        if (p.tend(close) - p.tstart(close) === 2) ltrimNext = true;
      }
      p.popNewlines();
    } else {
      if (!p.recovery) {
        p.error('Unterminated template string', 'No closing marker was found for the string.',
          p.range(next), p.between(p.range(startTok), p.range(next)));
      }
      endTok = p.recover(end);
      break;
    }
  }
  if (pieces.length === 0) {
    const at = p.tend(startTok);
    pieces.push({ k: 'lit', val: '', start: at, end: at });
  }
  pieces.push({ k: 'end', start: p.tstart(endTok), end: p.tend(endTok) });
  return pieces;
}

function graphemeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    n++;
  }
  return n;
}

function flushHeredoc(pieces: Piece[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let newline = true;
  const adjust: Array<Piece & { k: 'lit' }> = [];
  for (const piece of pieces) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (piece.k === 'lit') {
        const trimmed = trimLeftSpace(piece.val);
        if (trimmed.length === 0 && piece.val.endsWith('\n')) {
          spaces = Number.MAX_SAFE_INTEGER;
        } else {
          spaces = graphemeCount(piece.val.slice(0, piece.val.length - trimmed.length));
          adjust.push(piece);
        }
      } else if (piece.k === 'end') {
        break;
      }
      if (spaces < minSpaces) minSpaces = spaces;
    }
    if (piece.k === 'lit' && piece.val.endsWith('\n')) newline = true;
  }
  if (minSpaces === 0 || minSpaces === Number.MAX_SAFE_INTEGER) return;
  for (const lit of adjust) {
    let cut = 0;
    for (let k = 0; k < minSpaces && cut < lit.val.length; k++) {
      const c = lit.val.charCodeAt(cut);
      cut += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    lit.val = lit.val.slice(cut);
    lit.start += cut;
  }
}

function meldLiterals(pieces: Piece[]): void {
  let i = 1;
  while (i < pieces.length) {
    const prev = pieces[i - 1];
    const cur = pieces[i];
    if (prev.k === 'lit' && cur.k === 'lit') {
      prev.val += cur.val;
      prev.end = cur.end;
      pieces.splice(i, 1);
      continue;
    }
    i++;
  }
}

/** Builds the root part list from the flat pieces (hclsyntax templateParser.parseRoot). */
function parseParts(p: Peeker, pieces: Piece[], cur: { pos: number }): TemplatePartNode[] {
  const out: TemplatePartNode[] = [];
  while (pieces[cur.pos].k !== 'end') out.push(parsePart(p, pieces, cur));
  return out;
}

/** An empty literal at the end of `after`, for a directive with nothing in its body. */
function emptyLit(p: Peeker, after: Piece): TemplatePartNode {
  return new TemplateLiteralNode(p.loc, after.end, after.end, '');
}

function parsePart(p: Peeker, pieces: Piece[], cur: { pos: number }): TemplatePartNode {
  const piece = pieces[cur.pos];
  switch (piece.k) {
    case 'lit':
      cur.pos++;
      return new TemplateLiteralNode(p.loc, piece.start, piece.end, piece.val);
    case 'interp':
      cur.pos++;
      return new TemplateInterpolationNode(p.loc, piece.start, piece.end, piece.expr, piece.stripLeft, piece.stripRight);
    case 'if':
      return parseIf(p, pieces, cur, piece);
    case 'for':
      return parseFor(p, pieces, cur, piece);
    case 'end':
      p.error('Unexpected end of template', 'The control directives within this template are unbalanced.', pieceRange(p, piece));
      return errorPart(p, piece);
    default:
      cur.pos++;
      p.error(`Unexpected ${piece.k} directive`, 'The control directives within this template are unbalanced.', pieceRange(p, piece));
      return errorPart(p, piece);
  }
}

function pieceRange(p: Peeker, piece: Piece): Range {
  return p.loc.range(piece.start, piece.end);
}

function errorPart(p: Peeker, at: Piece): TemplatePartNode {
  return new TemplateInterpolationNode(p.loc, at.start, at.end, placeholder(p, at.start, at.end), false, false);
}

function parseIf(p: Peeker, pieces: Piece[], cur: { pos: number }, open: Piece & { k: 'if' }): TemplatePartNode {
  cur.pos++;
  const thenParts: TemplatePartNode[] = [];
  const elseParts: TemplatePartNode[] = [];
  let inElse = false;
  let endif: Piece;
  for (;;) {
    const next = pieces[cur.pos];
    if (next.k === 'end') {
      p.error('Unexpected end of template',
        `The if directive at ${formatHclRange(pieceRange(p, open))} is missing its corresponding endif directive.`, pieceRange(p, next));
      return errorPart(p, next);
    }
    if (next.k === 'else' || next.k === 'endif' || next.k === 'endfor') {
      cur.pos++;
      if (next.k === 'else' && !inElse) {
        inElse = true;
        continue;
      }
      if (next.k === 'endif') {
        endif = next;
        break;
      }
      if (next.k === 'else') {
        p.error('Unexpected else directive', `Already in the else clause for the if started at ${formatHclRange(pieceRange(p, open))}.`, pieceRange(p, next));
      } else {
        p.error(`Unexpected ${next.k} directive`, `Expecting an endif directive for the if started at ${formatHclRange(pieceRange(p, open))}.`, pieceRange(p, next));
      }
      return errorPart(p, next);
    }
    (inElse ? elseParts : thenParts).push(parsePart(p, pieces, cur));
  }
  if (thenParts.length === 0) thenParts.push(emptyLit(p, open));
  return new TemplateIfNode(p.loc, open.start, endif.end, open.cond, thenParts, elseParts.length === 0 ? null : elseParts);
}

function parseFor(p: Peeker, pieces: Piece[], cur: { pos: number }, open: Piece & { k: 'for' }): TemplatePartNode {
  cur.pos++;
  const body: TemplatePartNode[] = [];
  let endfor: Piece;
  for (;;) {
    const next = pieces[cur.pos];
    if (next.k === 'end') {
      p.error('Unexpected end of template',
        `The for directive at ${formatHclRange(pieceRange(p, open))} is missing its corresponding endfor directive.`, pieceRange(p, next));
      return errorPart(p, next);
    }
    if (next.k === 'else' || next.k === 'endif' || next.k === 'endfor') {
      cur.pos++;
      if (next.k === 'endfor') {
        endfor = next;
        break;
      }
      if (next.k === 'else') {
        p.error('Unexpected else directive', 'An else clause is not expected for a for directive.', pieceRange(p, next));
      } else {
        p.error(`Unexpected ${next.k} directive`,
          `Expecting an endfor directive corresponding to the for directive at ${formatHclRange(pieceRange(p, open))}.`, pieceRange(p, next));
      }
      return errorPart(p, next);
    }
    body.push(parsePart(p, pieces, cur));
  }
  if (body.length === 0) body.push(emptyLit(p, open));
  return new TemplateForNode(p.loc, open.start, endfor.end, open.keyVar, open.valueVar, open.coll, body);
}

/** A block label written as a quoted string, which must not contain template sequences. */
export function parseQuotedLabel(p: Peeker): LabelNode {
  const oQuote = p.read();
  let value = '';
  let endTok: number;
  for (;;) {
    const tok = p.read();
    if (p.type(tok) === Tok.CQuote) {
      endTok = tok;
      break;
    }
    if (p.type(tok) === Tok.QuotedLit) {
      const plain = value === '' && p.type(tok + 1) === Tok.CQuote ? p.strings.plainSlice(p.tstart(tok), p.tend(tok)) : null;
      if (plain !== null) {
        value = plain;
        continue;
      }
      value += decodeStringToken(p.src, p.tokens, tok, true, p.loc, p.diags);
      continue;
    }
    if (p.type(tok) === Tok.TemplateControl || p.type(tok) === Tok.TemplateInterp) {
      const which = p.type(tok) === Tok.TemplateControl ? '%' : '$';
      p.error('Invalid string literal',
        `Template sequences are not allowed in this string. To include a literal ${JSON.stringify(which)}, double it (as "${which}${which}") to escape it.`,
        p.range(tok), p.span(oQuote, tok));
      value += which + '{ ... }';
      p.recover(Tok.TemplateSeqEnd);
      continue;
    }
    if (p.type(tok) === Tok.EOF) {
      p.error('Unterminated string literal', 'Unable to find the closing quote mark before the end of the file.',
        p.range(tok), p.span(oQuote, tok));
      endTok = tok;
      break;
    }
    p.error('Invalid string literal', 'This item is not valid in a string literal.', p.range(tok), p.span(oQuote, tok));
    p.recover(Tok.CQuote);
    endTok = tok;
    break;
  }
  return new LabelNode(p.loc, p.tstart(oQuote), p.tend(endTok), value, true);
}
