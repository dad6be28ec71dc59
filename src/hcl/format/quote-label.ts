const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

/** A label value as hclwrite writes it: a quoted string with escapes (hclwrite escapeQuotedStringLit). */
export function quoteLabel(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; ) {
    const cp = value.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    switch (ch) {
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '$':
      case '%':
        out += value[i] === '{' ? ch + ch : ch;
        break;
      default:
        if (PRINTABLE.test(ch)) out += ch;
        else out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}
