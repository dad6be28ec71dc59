import type { Expression } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import { FAILED, type Evaluator, type Scope } from './context.js';
import { convertValue } from './convert.js';
import { BOOL } from './types.js';

/** Evaluates a condition (conditional expression, template if) that must be a bool. */
export function evalCondition(ev: Evaluator, expr: Expression, scope: Scope, diags: Diagnostic[]): boolean | typeof FAILED {
  const v = ev(expr, scope, diags);
  if (v === FAILED) return FAILED;
  if (v === null) {
    diags.push(errorDiag('Null condition', 'The condition value is null. Conditions must either be true or false.', expr.range));
    return FAILED;
  }
  const c = convertValue(v, BOOL);
  if (!c.ok) {
    diags.push(errorDiag('Incorrect condition type', 'The condition expression must be of type bool.', expr.range));
    return FAILED;
  }
  return c.value as boolean;
}
