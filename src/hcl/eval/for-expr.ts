import type { ForExpr } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import type { HclValue } from '../value.js';
import { FAILED, type Evaluator, type Scope, type Val } from './context.js';
import { convertValue } from './convert.js';
import { bindIteration, evalIterable, iterationScope } from './iterate.js';
import { BOOL, STRING } from './types.js';
import { hasKey, newObject } from './values.js';

/** `[for k, v in coll : value if cond]` and `{for k, v in coll : key => value... if cond}` */
export function evalFor(ev: Evaluator, e: ForExpr, scope: Scope, diags: Diagnostic[]): Val {
  const coll = evalIterable(ev, e.collection, scope, diags);
  if (coll === FAILED) return FAILED;
  const tuple: HclValue[] = [];
  const object = newObject();
  const grouped = new Map<string, HclValue[]>();
  const inner = iterationScope(scope);
  for (let i = 0; i < coll.length; i++) {
    bindIteration(inner, e.keyVar, e.valueVar, coll, i);
    if (e.condition) {
      const include = forCondition(ev, e, inner, diags);
      if (include === FAILED) return FAILED;
      if (!include) continue;
    }
    if (!e.keyExpr) {
      const value = ev(e.valueExpr, inner, diags);
      if (value === FAILED) return FAILED;
      tuple.push(value);
      continue;
    }
    const key = forKey(ev, e, inner, diags);
    if (key === FAILED) return FAILED;
    const value = ev(e.valueExpr, inner, diags);
    if (value === FAILED) return FAILED;
    if (e.group) {
      const list = grouped.get(key);
      if (list) list.push(value);
      else grouped.set(key, [value]);
      continue;
    }
    if (hasKey(object, key)) {
      diags.push(
        errorDiag(
          'Duplicate object key',
          `Two different items produced the key ${JSON.stringify(key)} in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`,
          e.keyExpr.range,
        ),
      );
      return FAILED;
    }
    object[key] = value;
  }
  if (!e.keyExpr) return tuple;
  if (e.group) for (const [k, list] of grouped) object[k] = list;
  return object;
}

function forCondition(ev: Evaluator, e: ForExpr, scope: Scope, diags: Diagnostic[]): boolean | typeof FAILED {
  const cond = e.condition!;
  const v = ev(cond, scope, diags);
  if (v === FAILED) return FAILED;
  if (v === null) {
    diags.push(errorDiag('Condition is null', "The value of the 'if' clause must not be null.", cond.range));
    return FAILED;
  }
  const c = convertValue(v, BOOL);
  if (!c.ok) {
    diags.push(errorDiag("Invalid 'for' condition", `The 'if' clause value is invalid: ${c.error}.`, cond.range));
    return FAILED;
  }
  return c.value as boolean;
}

function forKey(ev: Evaluator, e: ForExpr, scope: Scope, diags: Diagnostic[]): string | typeof FAILED {
  const keyExpr = e.keyExpr!;
  const v = ev(keyExpr, scope, diags);
  if (v === FAILED) return FAILED;
  if (v === null) {
    diags.push(errorDiag('Invalid object key', "Key expression in 'for' expression must not produce a null value.", keyExpr.range));
    return FAILED;
  }
  const c = convertValue(v, STRING);
  if (!c.ok) {
    diags.push(errorDiag('Invalid object key', `The key expression produced an invalid result: ${c.error}.`, keyExpr.range));
    return FAILED;
  }
  return c.value as string;
}
