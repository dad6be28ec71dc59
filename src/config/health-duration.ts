import type { Attribute } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { evalExpr, type Vars } from './eval-attr.js';
import { at, type Located } from './located.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** A check duration in milliseconds: seconds as a number (0.5 allowed), or "500ms", "1s", "2m". */
export function parseCheckDuration(a: Attribute | undefined, vars: Vars, diags: Diagnostic[]): Located<number> | null {
  if (!a) return null;
  const v = evalExpr(a.expr, vars, diags);
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return at(Math.round(v * 1000), a.expr.range);
  const m = typeof v === 'string' ? /^(\d{1,7})(ms|s|m)?$/.exec(v) : null;
  if (m) return at(Number(m[1]) * UNIT_MS[m[2] ?? 's']!, a.expr.range);
  diags.push(errorDiag('Invalid duration', `${JSON.stringify(a.name)} must be a number of seconds or a duration such as "500ms", "2s" or "1m".`, a.expr.range));
  return null;
}
