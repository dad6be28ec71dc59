import type { Random } from '../../hcl/support/random.js';

/** What a broken or hostile host might put into a line of command output. */
const TOKENS = [
  '\n', '\t', ' ', '\r', '\0', '\u001b[2J', '\u009b', '\u007f', '-', '--', ':', '::', '[', ']', '/', '.', ',', '=', '"', '{', '}',
  '-A', '-a', '-t', '-u', '-f', '-r', '-g', '-m', '-i', '-w', '-x', '-y', '-s', '-p', '-M', '--pe', '-b', '-o', '--tun-type',
  'TCP', 'UDP', 'FWM', '->', 'inet', 'inet6', 'lo', 'V', 'M', '__proto__', 'constructor', 'toString', 'NaN', 'Infinity',
  '-1', '0', '4294967296', '99999999999999999999', '1e308', '0x10', '2147483648', '65536', '255.255.255.256', '::ffff:1.2.3.4',
  '[::1]:80', '1.2.3.4:', 'é', '😀', '\ufeff', 'x'.repeat(300), '"version":2', 'null', '[]', '{}', 'true',
];

/**
 * 1-5 random edits of a command's output: character flips, deletions, token insertions, and whole
 * lines duplicated, dropped or swapped (the output is line-oriented, so those reach deeper paths).
 */
export function mutateOutput(rnd: Random, text: string): string {
  let s = text;
  const edits = 1 + rnd.int(5);
  for (let i = 0; i < edits; i++) {
    const r = rnd.next();
    const at = rnd.int(s.length + 1);
    if (r < 0.2 && s.length > 0) s = s.slice(0, at) + String.fromCharCode(rnd.int(0x80)) + s.slice(at + 1);
    else if (r < 0.35 && s.length > 0) s = s.slice(0, at) + s.slice(at + 1 + rnd.int(12));
    else if (r < 0.7) s = s.slice(0, at) + rnd.pick(TOKENS) + s.slice(at);
    else {
      const lines = s.split('\n');
      const a = rnd.int(lines.length);
      const b = rnd.int(lines.length);
      if (r < 0.8) lines.splice(b, 0, lines[a]!);
      else if (r < 0.9) lines.splice(a, 1);
      else [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      s = lines.join('\n');
    }
  }
  return s;
}
