import type { Random } from './random.js';

const TOKENS = [
  '{', '}', '"', '${', '%{', '<<EOT\n', '<<-EOT\n', 'EOT\n', '\n', '[', ']', '(', ')', '~}', '#', '//', '/*', '*/',
  '\\', '\\u', '=', ',', '...', '.*', '[*]', '?', ':', '=>', 'for ', ' in ', 'if ', '%{ endif }', '%{ else }', '$${',
  '%%{', 'é', '😀', '\r', '\r\n', '\t', ';', "'", '`', '&', '|', '1.2.3', '0.', '-', '!', '::', 'null', '\u201c',
];

/** Applies 1-4 random edits (character flips, deletions, token insertions) to a source text. */
export function mutate(rnd: Random, src: string): string {
  let s = src;
  const edits = 1 + rnd.int(4);
  for (let i = 0; i < edits; i++) {
    const at = rnd.int(s.length + 1);
    const r = rnd.next();
    if (r < 0.3 && s.length > 0) {
      const ch = String.fromCharCode(32 + rnd.int(95));
      s = s.slice(0, at) + ch + s.slice(at + 1);
    } else if (r < 0.55 && s.length > 0) {
      s = s.slice(0, at) + s.slice(at + 1 + rnd.int(6));
    } else {
      s = s.slice(0, at) + rnd.pick(TOKENS) + s.slice(at);
    }
  }
  return s;
}
