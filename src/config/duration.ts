import type { Attribute } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { evalExpr, loc, type Vars } from './eval-attr.js';
import type { Located } from './located.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** A duration in whole seconds: a number of seconds, or text like "30s", "5m", "1h30m". */
export function parseDuration(a: Attribute, vars: Vars, diags: Diagnostic[]): Located<number> | null {
  const v = evalExpr(a.expr, vars, diags);
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return loc(v, a, vars);
  if (typeof v === 'string' && /^(\d+[hms])+$/.test(v)) {
    let total = 0;
    for (const m of v.matchAll(/(\d+)([hms])/g)) total += Number(m[1]) * UNITS[m[2]!]!;
    return loc(total, a, vars);
  }
  if (typeof v === 'string' && /^\d+$/.test(v)) return loc(Number(v), a, vars);
  diags.push(errorDiag('Invalid duration', `${JSON.stringify(a.name)} must be a whole number of seconds or a duration such as "30s", "5m" or "1h30m".`, a.expr.range));
  return null;
}
