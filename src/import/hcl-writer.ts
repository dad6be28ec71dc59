/**
 * A small HCL document model and its text: two spaces per nesting level, one blank line between
 * top-level blocks. Alignment is left to formatHcl (src/hcl/format), which every writer passes its
 * text through, so the output is exactly what `lvsplan fmt` produces.
 */
export type HclItem =
  | { kind: 'attr'; name: string; value: HclExpr }
  | { kind: 'block'; type: string; labels: string[]; items: HclItem[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

/** An expression: one line of text, or an object/map written one entry per line. */
export type HclText = { text: string };
export type HclExpr = HclText | { entries: [string, HclExpr][] };

export const raw = (text: string): HclText => ({ text });
export const str = (s: string): HclText => raw(quote(s));
export const num = (n: number): HclText => raw(String(n));
export const bool = (b: boolean): HclText => raw(b ? 'true' : 'false');
export const strList = (xs: readonly string[]): HclText => raw(`[${xs.map(quote).join(', ')}]`);
export const strSet = (xs: readonly string[]): HclText => raw(`toset(${strList(xs).text})`);

/** An object on one line: { a = 1, b = "x" }. */
export function inlineObject(entries: [string, HclExpr][]): HclText {
  return raw(entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${key(k)} = ${oneLine(v)}`).join(', ')} }`);
}

export const attr = (name: string, value: HclExpr): HclItem => ({ kind: 'attr', name, value });
export const block = (type: string, labels: string[], items: HclItem[]): HclItem => ({ kind: 'block', type, labels, items });
export const comment = (text: string): HclItem => ({ kind: 'comment', text });
export const blank: HclItem = { kind: 'blank' };

export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`;
}

/** A map key: bare when it is an identifier, quoted otherwise. */
function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : quote(k);
}

function oneLine(e: HclExpr): string {
  return 'text' in e ? e.text : inlineObject(e.entries).text;
}

/** The text of a whole file: top-level items with a blank line between blocks. */
export function renderHcl(items: readonly HclItem[]): string {
  const lines: string[] = [];
  renderBody(items, 0, lines, true);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function renderBody(items: readonly HclItem[], depth: number, lines: string[], topLevel: boolean): void {
  const pad = '  '.repeat(depth);
  items.forEach((item, i) => {
    if (item.kind === 'attr') {
      const [first, ...rest] = renderExpr(item.value, depth);
      lines.push(`${pad}${key(item.name)} = ${first}`, ...rest);
      return;
    }
    if (item.kind === 'blank') lines.push('');
    else if (item.kind === 'comment') for (const l of item.text.split('\n')) lines.push(l === '' ? `${pad}#` : `${pad}# ${l}`);
    else {
      const head = [item.type, ...item.labels.map(quote)].join(' ');
      if (item.items.length === 0) lines.push(`${pad}${head} {}`);
      else {
        lines.push(`${pad}${head} {`);
        renderBody(item.items, depth + 1, lines, false);
        lines.push(`${pad}}`);
      }
      const next = items[i + 1];
      if (topLevel && next && next.kind !== 'blank') lines.push('');
    }
  });
}

function renderExpr(e: HclExpr, depth: number): string[] {
  if ('text' in e) return [e.text];
  if (e.entries.length === 0) return ['{}'];
  const inner: string[] = [];
  renderBody(
    e.entries.map(([k, v]) => attr(k, v)),
    depth + 1,
    inner,
    false,
  );
  return ['{', ...inner, `${'  '.repeat(depth)}}`];
}
