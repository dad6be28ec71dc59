import { collectionKind } from '../hcl/eval/collection-kind.js';
import { isHclObject, type HclValue } from '../hcl/value.js';

/**
 * A value as `terraform console` prints it: quoted strings, heredocs for multi-line ones, 2-space
 * indents, lists, sets and maps wrapped as tolist([...]), toset([...]) and tomap({...}).
 */
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
    const body = v.length === 0 ? '[]' : `[\n${v.map((x) => `${inner}${renderConsoleValue(x, inner)},`).join('\n')}\n${indent}]`;
    const kind = collectionKind(v);
    return kind ? `to${kind}(${body})` : body;
  }
  if (!isHclObject(v)) return String(v);
  const keys = Object.keys(v);
  const body = keys.length === 0 ? '{}' : `{\n${keys.map((k) => `${inner}${JSON.stringify(k)} = ${renderConsoleValue(v[k]!, inner)}`).join('\n')}\n${indent}}`;
  return collectionKind(v) === 'map' ? `tomap(${body})` : body;
}
