import type { ConditionalExpr, Expression, ObjectConsExpr, ScopeTraversalExpr, SplatExpr } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag, hasErrors } from '../diagnostic.js';
import type { HclValue } from '../value.js';
import { evalCall } from './call.js';
import { evalCondition } from './condition.js';
import { FAILED, lookupAnon, lookupVariable, type EvalContext, type EvalResult, type Scope, type Val } from './context.js';
import { convertValue } from './convert.js';
import { evalFor } from './for-expr.js';
import { defaultFunctions } from './functions/index.js';
import { evalBinary, evalUnary } from './operators.js';
import { evalTemplateParts } from './template.js';
import { isNamespace, NAMESPACES, namespaceAccess } from './namespaces.js';
import { undeclaredReference } from './undeclared.js';
import { applyTraverser, getIndex } from './traversal.js';
import { STRING } from './types.js';
import { hasKey, isPrimitive, kindName, newObject } from './values.js';
import { isHclObject } from '../value.js';

export type { EvalContext, EvalResult } from './context.js';

/**
 * The splat placeholders' values, shared by every evaluation (a configuration evaluates hundreds of
 * thousands of expressions): a splat sets its placeholder's value and restores it before it returns.
 */
const SPLAT_ITEMS: Scope['anon'] = new Map();

/**
 * Evaluates an expression. User errors come back as diagnostics (with the range of the failing
 * sub-expression) and a null value; nothing is thrown for them.
 */
export function evaluate(expr: Expression, ctx: EvalContext): EvalResult {
  const scope: Scope = {
    variables: ctx.variables,
    functions: ctx.functions ?? defaultFunctions,
    anon: SPLAT_ITEMS,
    parent: null,
  };
  const diagnostics: Diagnostic[] = [];
  let value: Val;
  try {
    value = evalExpr(expr, scope, diagnostics);
  } catch (err) {
    diagnostics.push(errorDiag('Internal error during evaluation', err instanceof Error ? err.message : String(err), expr.range));
    value = FAILED;
  }
  if (value === FAILED || hasErrors(diagnostics)) return { value: null, diagnostics, failed: true };
  return { value, diagnostics, failed: false };
}

/**
 * The value of a literal, or of a reference such as b.value or var.x whose every step exists (or a
 * tuple, "${...}" or (...) of those), read directly; undefined when the expression needs the evaluator (anything else, or a step that fails and
 * is diagnosed there). Configuration evaluates such expressions once per for_each or dynamic instance.
 */
export function quickValue(expr: Expression, variables: Record<string, HclValue>): HclValue | undefined {
  if (expr.kind === 'LiteralValue') return expr.value;
  if (expr.kind === 'TemplateWrap') return quickValue(expr.wrapped, variables);
  if (expr.kind === 'Parentheses') return quickValue(expr.expr, variables);
  if (expr.kind === 'TupleCons') {
    const out: HclValue[] = [];
    for (const e of expr.exprs) {
      const v = quickValue(e, variables);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  if (expr.kind !== 'ScopeTraversal') return undefined;
  const steps = expr.traversal;
  const root = steps[0];
  if (root === undefined || root.kind !== 'Root' || !Object.prototype.hasOwnProperty.call(variables, root.name)) return undefined;
  if (steps[1]?.kind !== 'Attr' && NAMESPACES.has(root.name)) return undefined;
  let v: HclValue | undefined = variables[root.name];
  for (let i = 1; i < steps.length && v !== undefined; i++) {
    const step = steps[i]!;
    if (step.kind !== 'Attr' || !isHclObject(v) || !hasKey(v, step.name)) return undefined;
    v = v[step.name];
  }
  // A value that failed before (a local whose expression failed) is left to the evaluator, which reports nothing more.
  return (v as unknown) === FAILED ? undefined : v;
}

export function evalExpr(expr: Expression, scope: Scope, diags: Diagnostic[]): Val {
  switch (expr.kind) {
    case 'LiteralValue':
      return expr.value;
    case 'Parentheses':
      return evalExpr(expr.expr, scope, diags);
    case 'Template':
      return evalTemplateParts(evalExpr, expr.parts, scope, diags);
    case 'TemplateWrap':
      return evalExpr(expr.wrapped, scope, diags);
    case 'ScopeTraversal':
      return evalScopeTraversal(expr, scope, diags);
    case 'RelativeTraversal': {
      let v = evalExpr(expr.source, scope, diags);
      for (const step of expr.traversal) {
        if (v === FAILED) return FAILED;
        v = applyTraverser(v, step, diags);
      }
      return v;
    }
    case 'Index': {
      const coll = evalExpr(expr.collection, scope, diags);
      const key = evalExpr(expr.key, scope, diags);
      if (coll === FAILED || key === FAILED) return FAILED;
      return getIndex(coll, key, expr.bracketRange, diags);
    }
    case 'FunctionCall':
      return evalCall(evalExpr, expr, scope, diags);
    case 'Conditional':
      return evalConditional(expr, scope, diags);
    case 'BinaryOp':
      return evalBinary(evalExpr, expr, scope, diags);
    case 'UnaryOp':
      return evalUnary(evalExpr, expr, scope, diags);
    case 'TupleCons': {
      const out: HclValue[] = [];
      let failed = false;
      for (const e of expr.exprs) {
        const v = evalExpr(e, scope, diags);
        if (v === FAILED) failed = true;
        else out.push(v);
      }
      return failed ? FAILED : out;
    }
    case 'ObjectCons':
      return evalObjectCons(expr, scope, diags);
    case 'For':
      return evalFor(evalExpr, expr, scope, diags);
    case 'Splat':
      return evalSplat(expr, scope, diags);
    case 'AnonSymbol': {
      const v = lookupAnon(scope, expr);
      if (v === FAILED) diags.push(errorDiag('Invalid splat placeholder', 'A splat placeholder was used outside of a splat expression.', expr.range));
      return v;
    }
  }
}

function evalScopeTraversal(expr: ScopeTraversalExpr, scope: Scope, diags: Diagnostic[]): Val {
  const steps = expr.traversal;
  const root = steps[0];
  if (!root || root.kind !== 'Root') {
    diags.push(errorDiag('Invalid reference', 'A reference must begin with a name.', expr.range));
    return FAILED;
  }
  let v: Val = lookupVariable(scope, root.name);
  if (v === FAILED) {
    diags.push(errorDiag('Unknown variable', `There is no variable named ${JSON.stringify(root.name)}.`, root.range));
    return FAILED;
  }
  const first = steps[1];
  if (first?.kind !== 'Attr' && isNamespace(root.name, scope)) {
    diags.push(namespaceAccess(root.name, first?.range ?? root.range, first === undefined));
    return FAILED;
  }
  if (first?.kind === 'Attr' && isHclObject(v) && !hasKey(v, first.name) && NAMESPACES.has(root.name)) {
    diags.push(undeclaredReference(root.name as 'var' | 'local', first.name, Object.keys(v), first.range));
    return FAILED;
  }
  for (let i = 1; i < steps.length; i++) {
    if (v === FAILED) return FAILED;
    v = applyTraverser(v, steps[i]!, diags);
  }
  return v;
}

function evalConditional(expr: ConditionalExpr, scope: Scope, diags: Diagnostic[]): Val {
  const cond = evalCondition(evalExpr, expr.condition, scope, diags);
  if (cond === FAILED) return FAILED;
  const chosen = cond ? expr.trueResult : expr.falseResult;
  const other = cond ? expr.falseResult : expr.trueResult;
  const v = evalExpr(chosen, scope, diags);
  if (v === FAILED || !isPrimitive(v)) return v;
  // Result types unify as in HCL: a string on either side makes both strings.
  const o = evalExpr(other, scope, []);
  if (o === FAILED || o === null || !isPrimitive(o) || typeof o === typeof v) return v;
  if (typeof v === 'string' || typeof o === 'string') return (convertValue(v, STRING) as { value: HclValue }).value;
  const [t, f] = cond ? [kindName(v), kindName(o)] : [kindName(o), kindName(v)];
  diags.push(
    errorDiag(
      'Inconsistent conditional result types',
      `The true and false result expressions must have consistent types. The 'true' value is ${t}, but the 'false' value is ${f}.`,
      expr.range,
    ),
  );
  return FAILED;
}

function evalObjectCons(expr: ObjectConsExpr, scope: Scope, diags: Diagnostic[]): Val {
  const out = newObject();
  let failed = false;
  for (const item of expr.items) {
    const k = evalExpr(item.keyExpr, scope, diags);
    const v = evalExpr(item.valueExpr, scope, diags);
    if (k === FAILED || v === FAILED) {
      failed = true;
      continue;
    }
    if (k === null) {
      diags.push(errorDiag('Null value as key', "Can't use a null value as a key.", item.keyExpr.range));
      failed = true;
      continue;
    }
    const key = convertValue(k, STRING);
    if (!key.ok) {
      diags.push(errorDiag('Incorrect key type', `Can't use this value as a key: ${key.error}.`, item.keyExpr.range));
      failed = true;
      continue;
    }
    out[key.value as string] = v;
  }
  return failed ? FAILED : out;
}

function evalSplat(expr: SplatExpr, scope: Scope, diags: Diagnostic[]): Val {
  const source = evalExpr(expr.source, scope, diags);
  if (source === FAILED) return FAILED;
  if (source === null) return [];
  const items = Array.isArray(source) ? source : [source];
  const out: HclValue[] = [];
  const previous = scope.anon.get(expr.item);
  const hadPrevious = scope.anon.has(expr.item);
  try {
    for (const item of items) {
      scope.anon.set(expr.item, item);
      const v = evalExpr(expr.each, scope, diags);
      if (v === FAILED) return FAILED;
      out.push(v);
    }
  } finally {
    if (hadPrevious) scope.anon.set(expr.item, previous!);
    else scope.anon.delete(expr.item);
  }
  return out;
}
