import type { Expression } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import type { HclValue } from '../value.js';
import { FAILED, type Evaluator, type Scope } from './context.js';
import { iterationEntries, kindName } from './values.js';

/** Evaluates the collection of a `for` (expression or template directive) into its entries. */
export function evalIterable(
  ev: Evaluator,
  expr: Expression,
  scope: Scope,
  diags: Diagnostic[],
): [HclValue, HclValue][] | typeof FAILED {
  const v = ev(expr, scope, diags);
  if (v === FAILED) return FAILED;
  if (v === null) {
    diags.push(errorDiag('Iteration over null value', "A null value cannot be used as the collection in a 'for' expression.", expr.range));
    return FAILED;
  }
  const entries = iterationEntries(v);
  if (!entries) {
    diags.push(
      errorDiag('Iteration over non-iterable value', `A value of type ${kindName(v)} cannot be used as the collection in a 'for' expression.`, expr.range),
    );
    return FAILED;
  }
  return entries;
}

export function loopVariables(keyVar: string | null, valueVar: string, key: HclValue, value: HclValue): Record<string, HclValue> {
  const vars: Record<string, HclValue> = Object.create(null);
  if (keyVar !== null) vars[keyVar] = key;
  vars[valueVar] = value;
  return vars;
}
