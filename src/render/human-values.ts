import type { AttrValue } from '../model/resource.js';

/** An attribute value the way Terraform prints it in a plan. */
export function formatValue(v: AttrValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
