import type { AttrValue, Attrs } from './resource.js';

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
  eachChanged(before, after, (name) => out.push(name) > 0);
  return out;
}

/** Whether changedAttrs would find none, without listing them (a plan compares every object it reaches). */
export function attrsEqual(a: Attrs, b: Attrs): boolean {
  return eachChanged(a, b, stopAtFirst);
}

const stopAtFirst = (): boolean => false;

/** Calls `visit` with each attribute whose values differ (a missing one counts as null) while it returns true; false when it stopped. */
function eachChanged(before: Attrs, after: Attrs, visit: (name: string) => boolean): boolean {
  // An object read as configured has the configuration's attributes (providers/ipvs/expected.ts).
  if (before === after) return true;
  for (const k in after) if (!valueEqual(before[k], after[k]) && !visit(k)) return false;
  for (const k in before) if (!(k in after) && !valueEqual(before[k], null) && !visit(k)) return false;
  return true;
}
