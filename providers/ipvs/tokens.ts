/** Splits one line into tokens the way ipvsadm -R does: spaces, tabs and CR separate. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      if (start >= 0) {
        out.push(line.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) out.push(line.slice(start));
  return out;
}

/**
 * Calls `each` with every line and its 0-based number, as text.split('\n') would give them, without
 * holding them all at once (a large director's table has 110,000 lines).
 */
export function eachLine(text: string, each: (line: string, n: number) => void): void {
  let n = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    each(text.slice(start, end), n++);
    start = end + 1;
  }
  each(text.slice(start), n);
}
