import type { FmtTokens } from './fmt-tokens.js';

const SPACES: string[] = Array.from({ length: 81 }, (_, n) => ' '.repeat(n));

function spaces(n: number): string {
  return n < SPACES.length ? SPACES[n] : ' '.repeat(n);
}

/** The text of the tokens with their spaces before them. */
export function renderTokens(t: FmtTokens): string {
  const parts: string[] = [];
  const src = t.src;
  for (let i = 0; i < t.length; i++) {
    const sp = t.spaces[i];
    if (sp > 0) parts.push(spaces(sp));
    const s = t.start[i];
    if (s >= 0) {
      if (t.end[i] > s) parts.push(src.slice(s, t.end[i]));
    } else parts.push(t.synth[-s - 1]);
  }
  return parts.join('');
}
