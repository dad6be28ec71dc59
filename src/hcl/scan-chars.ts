import { Tok } from './token.js';

/** Character classes of the HCL native syntax scanner. */

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

/** Single-character tokens of the main mode, indexed by char code. */
export const SELF: Int8Array = (() => {
  const t = new Int8Array(128);
  const set = (ch: string, ty: number) => (t[ch.charCodeAt(0)] = ty);
  set('[', Tok.OBrack); set(']', Tok.CBrack); set('(', Tok.OParen); set(')', Tok.CParen);
  set('.', Tok.Dot); set(',', Tok.Comma); set('*', Tok.Star); set('/', Tok.Slash); set('%', Tok.Percent);
  set('+', Tok.Plus); set('-', Tok.Minus); set('=', Tok.Equal); set('<', Tok.LessThan); set('>', Tok.GreaterThan);
  set('!', Tok.Bang); set('?', Tok.Question); set(':', Tok.Colon); set('&', Tok.BitwiseAnd);
  set('|', Tok.BitwiseOr); set('~', Tok.BitwiseNot); set('^', Tok.BitwiseXor); set(';', Tok.Semicolon);
  set('`', Tok.Backtick); set("'", Tok.Apostrophe);
  return t;
})();

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isAsciiIdContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

export function codePointAt(src: string, i: number): number {
  return src.codePointAt(i) ?? 0;
}

export function cpLen(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

/** Length of the identifier starting at i, or 0 when none starts there. */
export function identLength(src: string, i: number): number {
  const n = src.length;
  let j = i;
  const c = src.charCodeAt(j);
  if (isAsciiIdStart(c)) j++;
  else if (c >= 0x80) {
    const cp = codePointAt(src, j);
    if (!ID_START.test(String.fromCodePoint(cp))) return 0;
    j += cpLen(cp);
  } else return 0;
  while (j < n) {
    const d = src.charCodeAt(j);
    if (isAsciiIdContinue(d)) j++;
    else if (d >= 0x80) {
      const cp = codePointAt(src, j);
      if (!ID_CONTINUE.test(String.fromCodePoint(cp))) break;
      j += cpLen(cp);
    } else break;
  }
  return j - i;
}
