import type { Diagnostic } from './diagnostic.js';
import type { Locator } from './locator.js';
import type { TokenBuffer } from './token.js';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * Resolves the escapes of a quoted-string token (backslash escapes, $${ and %%{) or of a heredoc/bare
 * template token (only $${ and %%{), as hclsyntax.ParseStringLiteralToken does.
 */
export function decodeStringToken(
  src: string,
  toks: Pick<TokenBuffer, 'start' | 'end'>,
  tok: number,
  quoted: boolean,
  loc: Locator,
  diags: Diagnostic[],
): string {
  const s = toks.start[tok];
  const e = toks.end[tok];
  const text = src.slice(s, e);
  if ((!quoted || text.indexOf('\\') < 0) && text.indexOf('{') < 0) return text;

  let out = '';
  let lit = s;
  let i = s;
  const bad = (a: number, b: number, detail: string) =>
    diags.push({ severity: 'error', summary: 'Invalid escape sequence', detail, subject: loc.range(a, b) });

  while (i < e) {
    const c = src.charCodeAt(i);
    if (quoted && c === 92) {
      out += src.slice(lit, i);
      if (i + 1 >= e) {
        bad(i, i + 1, 'Backslash must be followed by an escape sequence selector character.');
        out += '\\';
        i++;
        lit = i;
        continue;
      }
      const sel = src.charCodeAt(i + 1);
      if (sel === 117 || sel === 85) {
        const max = sel === 117 ? 4 : 8;
        let j = i + 2;
        while (j < e && j < i + 2 + max && isHex(src.charCodeAt(j))) j++;
        if (j - (i + 2) !== max) {
          bad(i, j, sel === 117
            ? 'The \\u escape sequence must be followed by four hexadecimal digits.'
            : 'The \\U escape sequence must be followed by eight hexadecimal digits.');
          out += src.slice(i, j);
        } else {
          const num = parseInt(src.slice(i + 2, j), 16);
          if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) {
            bad(i, j, `Cannot encode character U+${num.toString(16).padStart(4, '0')} in UTF-8.`);
            out += src.slice(i, j);
          } else {
            out += String.fromCodePoint(num);
          }
        }
        i = j;
        lit = i;
        continue;
      }
      const width = sel >= 0xd800 && sel <= 0xdbff ? 2 : 1;
      switch (sel) {
        case 110: out += '\n'; break;
        case 114: out += '\r'; break;
        case 116: out += '\t'; break;
        case 34: out += '"'; break;
        case 92: out += '\\'; break;
        default: {
          const ch = src.slice(i + 1, i + 1 + width);
          bad(i, i + 1 + width, `The symbol ${JSON.stringify(ch)} is not a valid escape sequence selector.`);
          out += ch;
        }
      }
      i += 1 + width;
      lit = i;
      continue;
    }
    if ((c === 36 || c === 37) && src.charCodeAt(i + 1) === c && src.charCodeAt(i + 2) === 123 && i + 2 < e) {
      out += src.slice(lit, i) + (c === 36 ? '${' : '%{');
      i += 3;
      lit = i;
      continue;
    }
    i++;
  }
  return out + src.slice(lit, e);
}
