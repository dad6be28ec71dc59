/** Arguments that break naive quoting; shared by the shellQuote and ssh tests. */
export const HOSTILE: string[] = [
  '', ' ', '  two  spaces ', "'", "''", "a'b", "'\\''", '"', '"$HOME"', '$HOME', '${HOME}', '`id`', '$(id)',
  '; rm -rf /tmp/lvsplan-never', '&& echo pwned', '| cat', '> /tmp/x', '< /etc/passwd', '\\', '\\\\', '\\n',
  '\n', 'a\nb', '\r\n', '\t', 'tab\there', '*', '?', '[a-z]', '{a,b}', '~', '~root', '#comment', '!', '!!', '-n',
  '--', '-e', '%s', '%%', 'a=b', 'ünïcødé ☃ 🚀', '\x01\x02\x7f', "$'\\x41'", 'IFS=x', '(', ')', '&', 'x'.repeat(5000),
];

/** Deterministic pseudo-random strings over code points 1..0x2FF plus some astral characters. */
export function randomStrings(count: number, seed = 42): string[] {
  let s = seed;
  const rand = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let str = '';
    const len = rand(24);
    for (let j = 0; j < len; j++) {
      const pick = rand(10);
      str += pick === 0 ? String.fromCodePoint(0x1f300 + rand(200)) : String.fromCodePoint(1 + rand(pick < 7 ? 127 : 0x2ff));
    }
    out.push(str);
  }
  return out;
}

/** Splits printf '%s\0' output back into the arguments. */
export function splitNul(stdout: string): string[] {
  const parts = stdout.split('\0');
  parts.pop();
  return parts;
}
