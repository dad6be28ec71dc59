import type { AttrValue } from '../model/resource.js';
import { escapeControl } from './host-text.js';

/** An attribute value the way Terraform prints it in a plan; observed values come from hosts, so controls are escaped. */
export function formatValue(v: AttrValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((x) => escapeControl(JSON.stringify(x))).join(', ')}]`;
  if (typeof v === 'string') return escapeControl(JSON.stringify(v));
  return String(v);
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
