import type { Attribute, Expression } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { evaluate, quickValue } from '../hcl/eval/index.js';
import { isHclObject, type HclValue } from '../hcl/value.js';
import { undeclaredReference } from '../hcl/eval/undeclared.js';
import type { Range } from '../hcl/range.js';
import { at, atNode, type Located, type LocatedMap } from './located.js';
import { collectReferences } from './references.js';
import { isSensitiveExpr } from './sensitivity.js';

/** The names an expression may refer to: var, local, and each / an iterator inside repetition. */
export type Vars = Record<string, HclValue>;

/**
 * Evaluates; on failure pushes diagnostics (unknown var./local. references reworded) and returns undefined.
 * A failure reported before (a use of a local whose expression failed) returns undefined with no diagnostic.
 */
export function evalExpr(expr: Expression, vars: Vars, diags: Diagnostic[]): HclValue | undefined {
  const quick = quickValue(expr, vars);
  if (quick !== undefined) return quick;
  const res = evaluate(expr, { variables: vars });
  if (!res.failed) {
    diags.push(...res.diagnostics);
    return res.value;
  }
  const better = undeclaredReferences(expr, vars);
  diags.push(...(better.length > 0 ? better : res.diagnostics));
  return undefined;
}

function undeclaredReferences(expr: Expression, vars: Vars): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of collectReferences(expr)) {
    const scope = vars[ref.root];
    if ((ref.root === 'var' || ref.root === 'local') && ref.name !== null && isHclObject(scope ?? null)) {
      if (!Object.prototype.hasOwnProperty.call(scope, ref.name)) out.push(undeclaredReference(ref.root, ref.name, Object.keys(scope as object), ref.range));
    }
  }
  return out;
}

/** The value located at `node`, marked when the attribute's expression derives from a sensitive variable. */
function locatedAt<T>(v: T, node: { readonly range: Range }, a: Attribute, vars: Vars): Located<T> {
  // A literal reads nothing, so it is never sensitive.
  const sensitive = node === a.expr && a.expr.kind === 'LiteralValue' ? false : isSensitiveExpr(a.expr, vars);
  return sensitive ? atNode(v, node, true) : sharedAt(v, node);
}

/** A node that gave more values than this makes a Located per value again (a for_each key's address, a counter). */
const MAX_SHARED_VALUES = 64;

/**
 * By syntax node: one Located per value it gave, while they are few. In a block repeated 100,000 times,
 * port = 8080 is one value, and address = b.value over ten backends is ten, not 100,000.
 */
const shared = new WeakMap<object, Map<unknown, Located<unknown>> | null>();

function sharedAt<T>(v: T, node: { readonly range: Range }): Located<T> {
  // -0 is left out: a Map takes it for 0.
  if ((typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') || Object.is(v, -0)) return atNode(v, node, false);
  let byValue = shared.get(node);
  if (byValue === null) return atNode(v, node, false);
  if (byValue === undefined) shared.set(node, (byValue = new Map()));
  let made = byValue.get(v) as Located<T> | undefined;
  if (made === undefined) {
    made = atNode(v, node, false);
    if (byValue.size < MAX_SHARED_VALUES) byValue.set(v, made);
    else shared.set(node, null);
  }
  return made;
}

/** The value located at the attribute's expression, marked when it derives from a sensitive variable. */
export function loc<T>(v: T, a: Attribute, vars: Vars): Located<T> {
  return locatedAt(v, a.expr, a, vars);
}

export function evalString(a: Attribute | undefined, vars: Vars, diags: Diagnostic[]): Located<string> | null {
  if (!a) return null;
  const v = evalExpr(a.expr, vars, diags);
  if (v === undefined || v === null) return nullCheck(v, a, diags);
  if (typeof v === 'string') return loc(v, a, vars);
  if (typeof v === 'number' || typeof v === 'boolean') return loc(String(v), a, vars);
  diags.push(typeError(a, 'a string'));
  return null;
}

export function evalInt(a: Attribute | undefined, vars: Vars, diags: Diagnostic[]): Located<number> | null {
  if (!a) return null;
  const v = evalExpr(a.expr, vars, diags);
  if (v === undefined || v === null) return nullCheck(v, a, diags);
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n)) return loc(n, a, vars);
  diags.push(typeError(a, 'a whole number'));
  return null;
}

export function evalBool(a: Attribute | undefined, vars: Vars, diags: Diagnostic[]): Located<boolean> | null {
  if (!a) return null;
  const v = evalExpr(a.expr, vars, diags);
  if (v === undefined || v === null) return nullCheck(v, a, diags);
  if (typeof v === 'boolean') return loc(v, a, vars);
  if (v === 'true' || v === 'false') return loc(v === 'true', a, vars);
  diags.push(typeError(a, 'true or false'));
  return null;
}

export function evalStringList(a: Attribute | undefined, vars: Vars, diags: Diagnostic[]): Located<string>[] | null {
  const v = a ? evalStringValues(a, vars, diags) : null;
  if (!a || !v) return null;
  const items = a.expr.kind === 'TupleCons' && a.expr.exprs.length === v.length ? a.expr.exprs : null;
  return v.map((e, i) => locatedAt(e, items ? items[i]! : a.expr, a, vars));
}

/** evalStringList's values alone, without their places (a repeated block's labels, made once per instance). Do not change the list. */
export function evalStringValues(a: Attribute, vars: Vars, diags: Diagnostic[]): string[] | null {
  const v = evalExpr(a.expr, vars, diags);
  if (v === undefined || v === null) return nullCheck(v, a, diags);
  if (Array.isArray(v)) {
    let texts = true;
    for (const e of v) {
      if (typeof e === 'number') texts = false;
      else if (typeof e !== 'string') return listTypeError(a, diags);
    }
    return texts ? (v as string[]) : v.map(String);
  }
  return listTypeError(a, diags);
}

function listTypeError(a: Attribute, diags: Diagnostic[]): null {
  diags.push(typeError(a, 'a list of strings'));
  return null;
}

/** A map of strings; numbers and bools are written as their text. Keys keep their source order. */
export function evalStringMap(a: Attribute | undefined, vars: Vars, diags: Diagnostic[]): LocatedMap | null {
  if (!a) return null;
  const v = evalExpr(a.expr, vars, diags);
  if (v === undefined || v === null) return nullCheck(v, a, diags);
  if (isHclObject(v)) {
    const out: Record<string, string> = {};
    for (const [k, e] of Object.entries(v)) {
      if (typeof e === 'string' || typeof e === 'number' || typeof e === 'boolean') out[k] = String(e);
      else {
        diags.push(typeError(a, 'a map of strings'));
        return null;
      }
    }
    return { ...at(out, a.expr.range), keyRanges: keyRangesOf(a.expr), ...mapMarks(a.expr, Object.keys(out), vars) };
  }
  diags.push(typeError(a, 'a map of strings'));
  return null;
}

/**
 * Which keys, and which keys' values, derive from a sensitive value. Written as { k = v }, each item
 * is judged alone (a sensitive value does not make its key sensitive); any other expression marks
 * every key and value when it reads a sensitive value.
 */
function mapMarks(expr: Expression, keys: readonly string[], vars: Vars): Pick<LocatedMap, 'sensitiveKeys' | 'sensitiveValues'> {
  const sensitiveKeys: Record<string, Range> = {};
  const sensitiveValues: string[] = [];
  if (expr.kind === 'ObjectCons') {
    for (const item of expr.items) {
      const k = evalExpr(item.keyExpr, vars, []);
      if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean') continue;
      if (isSensitiveExpr(item.keyExpr, vars)) sensitiveKeys[String(k)] = item.keyExpr.range;
      if (isSensitiveExpr(item.valueExpr, vars)) sensitiveValues.push(String(k));
    }
  } else if (isSensitiveExpr(expr, vars)) {
    for (const k of keys) sensitiveKeys[k] = expr.range;
    sensitiveValues.push(...keys);
  }
  return { ...(Object.keys(sensitiveKeys).length > 0 ? { sensitiveKeys } : {}), ...(sensitiveValues.length > 0 ? { sensitiveValues } : {}) };
}

/** null means "not set", as in Terraform; a failed evaluation has already reported its diagnostics. */

function keyRangesOf(expr: Expression): Record<string, Range> {
  const out: Record<string, Range> = {};
  if (expr.kind !== 'ObjectCons') return out;
  for (const item of expr.items) {
    const k = item.keyExpr;
    const lit = k.kind === 'LiteralValue' ? k : k.kind === 'TemplateWrap' && k.wrapped.kind === 'LiteralValue' ? k.wrapped : null;
    if (lit && typeof lit.value === 'string') out[lit.value] = k.range;
    else if (k.kind === 'Template' && k.parts.length === 1 && k.parts[0]!.kind === 'TemplateLiteral') out[k.parts[0]!.value] = k.range;
  }
  return out;
}

function nullCheck(_v: HclValue | undefined, _a: Attribute, _diags: Diagnostic[]): null {
  return null;
}

function typeError(a: Attribute, want: string): Diagnostic {
  return errorDiag('Incorrect attribute value type', `Inappropriate value for attribute ${JSON.stringify(a.name)}: ${want} is required.`, a.expr.range);
}
