import type { Expression } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import { isHclObject, type HclObject, type HclValue } from '../value.js';
import { childScope, FAILED, type Evaluator, type Scope } from './context.js';
import { kindName, sortedKeys } from './values.js';

/**
 * A `for`'s collection, read index by index: a sequence's elements keyed by their positions (keys null), or an
 * object's attributes in key order. No entry is made per element.
 */
export interface Iteration {
  keys: readonly string[] | null;
  values: readonly HclValue[] | HclObject;
  length: number;
}

/** Evaluates the collection of a `for` (expression or template directive). */
export function evalIterable(ev: Evaluator, expr: Expression, scope: Scope, diags: Diagnostic[]): Iteration | typeof FAILED {
  const v = ev(expr, scope, diags);
  if (v === FAILED) return FAILED;
  if (v === null) {
    diags.push(errorDiag('Iteration over null value', "A null value cannot be used as the collection in a 'for' expression.", expr.range));
    return FAILED;
  }
  if (Array.isArray(v)) return { keys: null, values: v, length: v.length };
  if (isHclObject(v)) {
    const keys = sortedKeys(v);
    return { keys, values: v, length: keys.length };
  }
  diags.push(
    errorDiag('Iteration over non-iterable value', `A value of type ${kindName(v)} cannot be used as the collection in a 'for' expression.`, expr.range),
  );
  return FAILED;
}

/** The key of the i-th element: its position in a sequence, its attribute name in an object. */
export const iterationKey = (it: Iteration, i: number): HclValue => (it.keys === null ? i : it.keys[i]!);

export const iterationValue = (it: Iteration, i: number): HclValue =>
  it.keys === null ? (it.values as readonly HclValue[])[i]! : (it.values as HclObject)[it.keys[i]!]!;

/**
 * The scope of a `for`'s iterations: one for all of them, its key and value variables bound to each element in turn
 * (bindIteration). Nothing keeps a scope past the evaluation it is made for, so no scope is made per element.
 */
export function iterationScope(scope: Scope): Scope {
  return childScope(scope, Object.create(null) as Record<string, HclValue>);
}

/** Binds the loop variables of `inner` (iterationScope) to the i-th element. */
export function bindIteration(inner: Scope, keyVar: string | null, valueVar: string, it: Iteration, i: number): void {
  if (keyVar !== null) inner.variables[keyVar] = iterationKey(it, i);
  inner.variables[valueVar] = iterationValue(it, i);
}
