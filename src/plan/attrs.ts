import type { AttrValue, Attrs } from '../model/resource.js';

export function valueEqual(a: AttrValue | undefined, b: AttrValue | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  return x === y;
}

/** Names of attributes whose values differ; a missing attribute counts as null. */
export function changedAttrs(before: Attrs, after: Attrs): string[] {
  const out: string[] = [];
  for (const k in after) if (!valueEqual(before[k], after[k])) out.push(k);
  for (const k in before) if (!(k in after) && !valueEqual(before[k], null)) out.push(k);
  return out;
}

/** Whether changedAttrs would find none, without listing them (a plan compares every object it reaches). */
export function attrsEqual(a: Attrs, b: Attrs): boolean {
  for (const k in b) if (!valueEqual(a[k], b[k])) return false;
  for (const k in a) if (!(k in b) && !valueEqual(a[k], null)) return false;
  return true;
}
