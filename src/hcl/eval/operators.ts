import type { BinaryOpExpr, Expression, UnaryOpExpr } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import type { HclValue } from '../value.js';
import { FAILED, type Evaluator, type Scope, type Val } from './context.js';
import { convertValue, isAlreadyOf } from './convert.js';
import { BOOL, NUMBER, type TypeConstraint } from './types.js';
import { deepEqual } from './values.js';

function operand(
  ev: Evaluator,
  expr: Expression,
  type: TypeConstraint,
  which: string,
  scope: Scope,
  diags: Diagnostic[],
): Val {
  const v = ev(expr, scope, diags);
  if (v === FAILED) return FAILED;
  if (v === null) {
    diags.push(errorDiag('Invalid operand', `Unsuitable value for ${which} operand: argument must not be null.`, expr.range));
    return FAILED;
  }
  if (isAlreadyOf(v, type)) return v;
  const c = convertValue(v, type);
  if (!c.ok) {
    diags.push(errorDiag('Invalid operand', `Unsuitable value for ${which} operand: ${c.error}.`, expr.range));
    return FAILED;
  }
  return c.value;
}

export function evalUnary(ev: Evaluator, e: UnaryOpExpr, scope: Scope, diags: Diagnostic[]): Val {
  const v = operand(ev, e.operand, e.op === '!' ? BOOL : NUMBER, 'unary', scope, diags);
  if (v === FAILED) return FAILED;
  return e.op === '!' ? !(v as boolean) : -(v as number) + 0;
}

export function evalBinary(ev: Evaluator, e: BinaryOpExpr, scope: Scope, diags: Diagnostic[]): Val {
  switch (e.op) {
    case '==':
    case '!=': {
      const l = ev(e.lhs, scope, diags);
      const r = ev(e.rhs, scope, diags);
      if (l === FAILED || r === FAILED) return FAILED;
      return deepEqual(l, r) === (e.op === '==');
    }
    case '&&':
    case '||': {
      const l = operand(ev, e.lhs, BOOL, 'left', scope, diags);
      if (l === FAILED) return FAILED;
      // Short-circuit as HCL does: the right operand is not evaluated when the left decides.
      if (e.op === '&&' ? l === false : l === true) return l;
      return operand(ev, e.rhs, BOOL, 'right', scope, diags);
    }
    default: {
      const l = operand(ev, e.lhs, NUMBER, 'left', scope, diags);
      const r = operand(ev, e.rhs, NUMBER, 'right', scope, diags);
      if (l === FAILED || r === FAILED) return FAILED;
      return arithmetic(e, l as number, r as number, diags);
    }
  }
}

function arithmetic(e: BinaryOpExpr, l: number, r: number, diags: Diagnostic[]): Val {
  switch (e.op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return r === 0 ? operationFailed(e, "can't divide by zero", diags) : l / r;
    case '%': return r === 0 ? operationFailed(e, "can't use modulo by zero", diags) : l % r;
    case '<': return l < r;
    case '>': return l > r;
    case '<=': return l <= r;
    case '>=': return l >= r;
    default: return operationFailed(e, `unsupported operator ${e.op}`, diags);
  }
}

function operationFailed(e: BinaryOpExpr, msg: string, diags: Diagnostic[]): Val {
  diags.push(errorDiag('Operation failed', `Error during operation: ${msg}.`, e.range));
  return FAILED;
}

export function isTruthyCondition(v: HclValue): boolean | null {
  const c = convertValue(v, BOOL);
  return c.ok && typeof c.value === 'boolean' ? c.value : null;
}
