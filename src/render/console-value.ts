import { isHclObject, type HclValue } from '../hcl/value.js';

/** A value as `terraform console` prints it: quoted strings, heredocs for multi-line ones, 2-space indents. */
export function renderConsoleValue(v: HclValue, indent = ''): string {
  if (v === null) return 'null';
  if (typeof v === 'string') {
    if (!v.includes('\n')) return JSON.stringify(v);
    const body = v.endsWith('\n') ? v.slice(0, -1) : v;
    return `<<-EOT\n${body.split('\n').map((l) => `${indent}${l}`).join('\n')}\n${indent}EOT`;
  }
  if (typeof v !== 'object') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${inner}${renderConsoleValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  if (!isHclObject(v)) return String(v);
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)} = ${renderConsoleValue(v[k]!, inner)}`).join('\n')}\n${indent}}`;
}
