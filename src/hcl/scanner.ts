import {
  codePointAt, cpLen, identLength, isAsciiIdContinue, isAsciiIdStart, isDigit, SELF,
} from './scan-chars.js';
import { MODE_MAIN, MODE_STRING, ScanState } from './scan-state.js';
import { Tok, TokenBuffer } from './token.js';

/**
 * Scans HCL native syntax into tokens, always ending with an EOF token (hclsyntax/scan_tokens.rl).
 * The loop keeps its position and mode in locals (no closure captures them, so they stay in registers);
 * rarer constructs are ScanState methods that return the offset after them.
 */
export function scanTokens(src: string): TokenBuffer {
  const tokens = new TokenBuffer((src.length >> 1) + 16);
  const st = new ScanState(src, tokens);
  const n = src.length;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let mode = MODE_MAIN;

  while (i < n) {
    const c = src.charCodeAt(i);
    if (mode === MODE_MAIN) {
      if (c === 32 || c === 9) {
        let d: number;
        do d = src.charCodeAt(++i);
        while (d === 32 || d === 9);
        continue;
      }
      if (c === 10) {
        tokens.push(Tok.Newline, i, i + 1);
        i++;
        continue;
      }
      if (isAsciiIdStart(c)) {
        let j = i + 1;
        while (isAsciiIdContinue(src.charCodeAt(j))) j++;
        if (j >= n || src.charCodeAt(j) < 0x80) {
          tokens.push(Tok.Ident, i, j);
          i = j;
          continue;
        }
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
        tokens.push(Tok.NumberLit, i, j);
        i = j;
        continue;
      }
      if (isAsciiIdStart(c) || c >= 0x80) {
        const len = identLength(src, i);
        if (len > 0) {
          tokens.push(Tok.Ident, i, i + len);
          i += len;
          continue;
        }
        const w = cpLen(codePointAt(src, i));
        tokens.push(Tok.Invalid, i, i + w);
        i += w;
        continue;
      }
      const c1 = src.charCodeAt(i + 1);
      let two = 0;
      switch (c) {
        case 13:
          if (c1 === 10) {
            tokens.push(Tok.Newline, i, i + 2);
            i += 2;
          } else {
            tokens.push(Tok.Invalid, i, i + 1);
            i++;
          }
          continue;
        case 35: // #
          i = st.lineComment(i);
          continue;
        case 47: // /
          if (c1 === 47) {
            i = st.lineComment(i);
            continue;
          }
          if (c1 === 42) {
            const close = src.indexOf('*/', i + 2);
            if (close >= 0) {
              tokens.push(Tok.Comment, i, close + 2);
              i = close + 2;
              continue;
            }
          }
          break;
        case 61: // =
          two = c1 === 61 ? Tok.EqualOp : c1 === 62 ? Tok.FatArrow : 0;
          break;
        case 33: // !
          if (c1 === 61) two = Tok.NotEqual;
          break;
        case 62: // >
          if (c1 === 61) two = Tok.GreaterThanEq;
          break;
        case 60: // <
          if (c1 === 61) two = Tok.LessThanEq;
          else if (c1 === 60) {
            const e = st.heredocIntro(i);
            if (e >= 0) {
              i = e;
              mode = st.mode;
              continue;
            }
          }
          break;
        case 38: // &
          if (c1 === 38) two = Tok.And;
          break;
        case 124: // |
          if (c1 === 124) two = Tok.Or;
          break;
        case 58: // :
          if (c1 === 58) two = Tok.DoubleColon;
          break;
        case 46: // .
          if (c1 === 46 && src.charCodeAt(i + 2) === 46) {
            tokens.push(Tok.Ellipsis, i, i + 3);
            i += 3;
            continue;
          }
          break;
        case 123: // {
          i = st.openBrace(i);
          continue;
        case 125: // }
          i = st.closeBrace(i);
          mode = st.mode;
          continue;
        case 126: // ~
          if (c1 === 125) {
            i = st.closeStrip(i);
            mode = st.mode;
            continue;
          }
          break;
        case 34: { // "
          // A string of plain text is scanned here; anything else in string mode.
          let j = i + 1;
          let d = src.charCodeAt(j);
          while (d !== 34 && d !== 92 && d !== 36 && d !== 37 && d !== 10 && d !== 13 && j < n) d = src.charCodeAt(++j);
          if (d === 34) {
            tokens.push(Tok.OQuote, i, i + 1);
            if (j > i + 1) tokens.push(Tok.QuotedLit, i + 1, j);
            tokens.push(Tok.CQuote, j, j + 1);
            i = j + 1;
            continue;
          }
          i = st.openQuote(i);
          mode = st.mode;
          continue;
        }
      }
      if (two > 0) {
        tokens.push(two, i, i + 2);
        i += 2;
        continue;
      }
      const self = c < 128 ? SELF[c] : 0;
      tokens.push(self > 0 ? self : Tok.Invalid, i, i + 1);
      i++;
      continue;
    }

    if (mode === MODE_STRING) {
      if (c === 34) {
        i = st.closeQuote(i);
        mode = st.mode;
        continue;
      }
      if (c === 36 || c === 37) {
        const e = st.openSeq(i, c);
        i = e >= 0 ? e : st.quotedSigil(i, c);
        mode = st.mode;
        continue;
      }
      if (c === 10 || c === 13) {
        let j = i + 1;
        while (j < n && (src.charCodeAt(j) === 10 || src.charCodeAt(j) === 13)) j++;
        tokens.push(Tok.QuotedNewline, i, j);
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
        tokens.push(Tok.QuotedLit, i, j);
        i = j;
      } else {
        tokens.push(Tok.Invalid, i, i + 1);
        i++;
      }
      continue;
    }

    // MODE_HEREDOC
    if (c === 36 || c === 37) {
      const e = st.openSeq(i, c);
      if (e >= 0) {
        i = e;
        mode = st.mode;
        continue;
      }
      const j = st.escapeOrSigilEnd(i, c);
      if (src.charCodeAt(j) === 10 || (src.charCodeAt(j) === 13 && src.charCodeAt(j + 1) === 10)) {
        i = st.heredocLineEnd(i, j);
        mode = st.mode;
      } else {
        i = st.heredocText(i, j);
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
      i = st.heredocLineEnd(i, j);
      mode = st.mode;
    } else {
      if (j > i) st.heredocText(i, j);
      i = j;
    }
  }
  tokens.push(Tok.EOF, n, n);
  return tokens;
}
