/** Splits one line into tokens the way ipvsadm -R does: spaces, tabs and CR separate. */
export function tokenize(line: string): string[] {
  const src = line.indexOf('\t') >= 0 || line.indexOf('\r') >= 0 ? line.replace(/[\t\r]/g, ' ') : line;
  const parts = src.split(' ');
  const out: string[] = [];
  for (const p of parts) if (p !== '') out.push(p);
  return out;
}

export function splitLines(text: string): string[] {
  return text.split('\n');
}
