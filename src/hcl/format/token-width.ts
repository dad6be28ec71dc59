import type { FmtTokens } from './fmt-tokens.js';

let segmenter: Intl.Segmenter | null = null;

/** Columns a token takes: its grapheme clusters (hclwrite counts with textseg), plain ASCII by length. */
export function tokenWidth(t: FmtTokens, i: number): number {
  const s = t.start[i];
  if (s >= 0) {
    const src = t.src;
    const e = t.end[i];
    let plain = true;
    for (let k = s; k < e; k++) {
      const c = src.charCodeAt(k);
      if (c > 0x7f || c === 13) {
        plain = false;
        break;
      }
    }
    if (plain) return e - s;
  }
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let n = 0;
  for (const _ of segmenter.segment(t.text(i))) n++;
  return n;
}
