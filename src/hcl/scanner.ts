import { Tok, TokenBuffer } from './token.js';

const MODE_MAIN = 0;
const MODE_STRING = 1;
const MODE_HEREDOC = 2;

interface Heredoc {
  marker: string;
  startOfLine: boolean;
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

/** Single-character tokens of the main mode, indexed by char code. */
const SELF: Int8Array = (() => {
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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isAsciiIdContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function codePointAt(src: string, i: number): number {
  return src.codePointAt(i) ?? 0;
}

function cpLen(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

/** Length of the identifier starting at i, or 0 when none starts there. */
function identLength(src: string, i: number): number {
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

/** Scans HCL native syntax into tokens, always ending with an EOF token (hclsyntax/scan_tokens.rl). */
export function scanTokens(src: string): TokenBuffer {
  const tokens = new TokenBuffer((src.length >> 1) + 16);
  const n = src.length;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const modes: number[] = [MODE_MAIN];
  let mode = MODE_MAIN;
  let braces = 0;
  const retBraces: number[] = [];
  const heredocs: Heredoc[] = [];

  const emit = (type: number, s: number, e: number): void => tokens.push(type, s, e);
  const pushMode = (m: number) => {
    modes.push(m);
    mode = m;
  };
  const popMode = () => {
    if (modes.length > 1) modes.pop();
    mode = modes[modes.length - 1];
  };
  const openSeq = (type: number, s: number, e: number) => {
    emit(type, s, e);
    braces++;
    retBraces.push(braces);
    if (heredocs.length > 0) heredocs[heredocs.length - 1].startOfLine = false;
    pushMode(MODE_MAIN);
  };
  /** Length of "${", "${~", "%{", "%{~" at i, else 0. */
  const seqOpenLen = (k: number): number => {
    if (src.charCodeAt(k + 1) !== 123) return 0;
    return src.charCodeAt(k + 2) === 126 ? 3 : 2;
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    if (mode === MODE_MAIN) {
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c === 10) {
        emit(Tok.Newline, i, i + 1);
        i++;
        continue;
      }
      if (isDigit(c)) {
        let j = i + 1;
        for (;;) {
          const d = src.charCodeAt(j);
          if (isDigit(d) || d === 46) j++;
          else if (d === 101 || d === 69) {
            const s = src.charCodeAt(j + 1);
            if (isDigit(s)) j += 2;
            else if ((s === 43 || s === 45) && isDigit(src.charCodeAt(j + 2))) j += 3;
            else break;
          } else break;
        }
        while (src.charCodeAt(j - 1) === 46) j--;
        emit(Tok.NumberLit, i, j);
        i = j;
        continue;
      }
      if (isAsciiIdStart(c) || c >= 0x80) {
        const len = identLength(src, i);
        if (len > 0) {
          emit(Tok.Ident, i, i + len);
          i += len;
          continue;
        }
        const cp = codePointAt(src, i);
        emit(Tok.Invalid, i, i + cpLen(cp));
        i += cpLen(cp);
        continue;
      }
      const c1 = src.charCodeAt(i + 1);
      switch (c) {
        case 13:
          if (c1 === 10) {
            emit(Tok.Newline, i, i + 2);
            i += 2;
          } else {
            emit(Tok.Invalid, i, i + 1);
            i++;
          }
          continue;
        case 35: // #
          i = scanLineComment(i);
          continue;
        case 47: // /
          if (c1 === 47) {
            i = scanLineComment(i);
            continue;
          }
          if (c1 === 42) {
            const close = src.indexOf('*/', i + 2);
            if (close >= 0) {
              emit(Tok.Comment, i, close + 2);
              i = close + 2;
              continue;
            }
          }
          break;
        case 61: // =
          if (c1 === 61) { emit(Tok.EqualOp, i, i + 2); i += 2; continue; }
          if (c1 === 62) { emit(Tok.FatArrow, i, i + 2); i += 2; continue; }
          break;
        case 33: // !
          if (c1 === 61) { emit(Tok.NotEqual, i, i + 2); i += 2; continue; }
          break;
        case 62: // >
          if (c1 === 61) { emit(Tok.GreaterThanEq, i, i + 2); i += 2; continue; }
          break;
        case 60: // <
          if (c1 === 61) { emit(Tok.LessThanEq, i, i + 2); i += 2; continue; }
          if (c1 === 60) {
            const h = heredocIntro(i);
            if (h > 0) continue;
          }
          break;
        case 38: // &
          if (c1 === 38) { emit(Tok.And, i, i + 2); i += 2; continue; }
          break;
        case 124: // |
          if (c1 === 124) { emit(Tok.Or, i, i + 2); i += 2; continue; }
          break;
        case 58: // :
          if (c1 === 58) { emit(Tok.DoubleColon, i, i + 2); i += 2; continue; }
          break;
        case 46: // .
          if (c1 === 46 && src.charCodeAt(i + 2) === 46) { emit(Tok.Ellipsis, i, i + 3); i += 3; continue; }
          break;
        case 123: // {
          emit(Tok.OBrace, i, i + 1);
          braces++;
          i++;
          continue;
        case 125: // }
          if (retBraces.length > 0 && retBraces[retBraces.length - 1] === braces) {
            emit(Tok.TemplateSeqEnd, i, i + 1);
            braces--;
            retBraces.pop();
            popMode();
          } else {
            emit(Tok.CBrace, i, i + 1);
            braces--;
          }
          i++;
          continue;
        case 126: // ~
          if (c1 === 125) {
            emit(Tok.TemplateSeqEnd, i, i + 2);
            if (retBraces.length > 0 && retBraces[retBraces.length - 1] === braces) {
              retBraces.pop();
              popMode();
            }
            braces--;
            i += 2;
            continue;
          }
          break;
        case 34: // "
          emit(Tok.OQuote, i, i + 1);
          pushMode(MODE_STRING);
          i++;
          continue;
      }
      const self = c < 128 ? SELF[c] : 0;
      emit(self > 0 ? self : Tok.Invalid, i, i + 1);
      i++;
      continue;
    }

    if (mode === MODE_STRING) {
      if (c === 34) {
        emit(Tok.CQuote, i, i + 1);
        popMode();
        i++;
        continue;
      }
      if (c === 36 || c === 37) {
        const open = seqOpenLen(i);
        if (open > 0) {
          openSeq(c === 36 ? Tok.TemplateInterp : Tok.TemplateControl, i, i + open);
          i += open;
          continue;
        }
        i = escapeOrSigil(i, c, Tok.QuotedLit);
        continue;
      }
      if (c === 10 || c === 13) {
        let j = i + 1;
        while (j < n && (src.charCodeAt(j) === 10 || src.charCodeAt(j) === 13)) j++;
        emit(Tok.QuotedNewline, i, j);
        i = j;
        continue;
      }
      let j = i;
      for (;;) {
        const d = src.charCodeAt(j);
        if (d === 92) {
          const e = src.charCodeAt(j + 1);
          if (j + 1 >= n || e === 10 || e === 13) break;
          j += 2;
          if (e >= 0xd800 && e <= 0xdbff) j++;
          continue;
        }
        if (j >= n || d === 34 || d === 36 || d === 37 || d === 10 || d === 13) break;
        j++;
      }
      if (j > i) {
        emit(Tok.QuotedLit, i, j);
        i = j;
      } else {
        emit(Tok.Invalid, i, i + 1);
        i++;
      }
      continue;
    }

    // MODE_HEREDOC
    if (c === 36 || c === 37) {
      const open = seqOpenLen(i);
      if (open > 0) {
        openSeq(c === 36 ? Tok.TemplateInterp : Tok.TemplateControl, i, i + open);
        i += open;
        continue;
      }
      const j = escapeOrSigilEnd(i, c);
      if (src.charCodeAt(j) === 10 || (src.charCodeAt(j) === 13 && src.charCodeAt(j + 1) === 10)) {
        i = heredocLineEnd(i, j);
      } else {
        heredocs[heredocs.length - 1].startOfLine = false;
        emit(Tok.StringLit, i, j);
        i = j;
      }
      continue;
    }
    let j = i;
    for (;;) {
      const d = src.charCodeAt(j);
      if (j >= n || d === 36 || d === 37 || d === 10) break;
      if (d === 13 && src.charCodeAt(j + 1) === 10) break;
      j++;
    }
    if (j < n && (src.charCodeAt(j) === 10 || src.charCodeAt(j) === 13)) {
      i = heredocLineEnd(i, j);
    } else {
      if (j > i) {
        heredocs[heredocs.length - 1].startOfLine = false;
        emit(Tok.StringLit, i, j);
      }
      i = j;
    }
  }
  emit(Tok.EOF, n, n);
  return tokens;

  function scanLineComment(s: number): number {
    let j = src.indexOf('\n', s);
    j = j < 0 ? n : j + 1;
    emit(src.charCodeAt(j - 1) === 10 ? Tok.CommentNewline : Tok.Comment, s, j);
    return j;
  }

  /** "$$", "$${", "$${~" escapes or a lone sigil: end offset of that literal piece. */
  function escapeOrSigilEnd(s: number, c: number): number {
    if (src.charCodeAt(s + 1) === c && src.charCodeAt(s + 2) === 123) {
      return src.charCodeAt(s + 3) === 126 ? s + 4 : s + 3;
    }
    return s + 1;
  }

  function escapeOrSigil(s: number, c: number, type: number): number {
    if (s + 1 >= n) {
      emit(Tok.Invalid, s, n);
      return n;
    }
    const e = escapeOrSigilEnd(s, c);
    emit(type, s, e);
    return e;
  }

  /** A heredoc line ending at the newline at nl (\n or \r\n): either the closing marker or a literal. */
  function heredocLineEnd(s: number, nl: number): number {
    const nlEnd = src.charCodeAt(nl) === 13 ? nl + 2 : nl + 1;
    const top = heredocs[heredocs.length - 1];
    if (top.startOfLine && src.slice(s, nl).trim() === top.marker) {
      emit(Tok.CHeredoc, s, nl);
      emit(Tok.Newline, nl, nlEnd);
      heredocs.pop();
      popMode();
      return nlEnd;
    }
    top.startOfLine = true;
    emit(Tok.StringLit, s, nlEnd);
    return nlEnd;
  }

  /** Tries "<<EOT\n" / "<<-EOT\n" at s; on success emits OHeredoc, enters heredoc mode and returns 1. */
  function heredocIntro(s: number): number {
    let j = s + 2;
    if (src.charCodeAt(j) === 45) j++;
    const len = identLength(src, j);
    if (len === 0) return 0;
    const markerEnd = j + len;
    let e = markerEnd;
    if (src.charCodeAt(e) === 13) e++;
    if (src.charCodeAt(e) !== 10) return 0;
    emit(Tok.OHeredoc, s, e + 1);
    heredocs.push({ marker: src.slice(j, markerEnd), startOfLine: true });
    pushMode(MODE_HEREDOC);
    i = e + 1;
    return 1;
  }
}
