import type { Expression } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import type { HclValue } from '../value.js';
import { evaluate } from './evaluate.js';
import { ANY, BOOL, NUMBER, STRING, type TypeConstraint } from './types.js';

export interface TypeExpressionResult {
  type: TypeConstraint;
  diagnostics: Diagnostic[];
}

const PRIMITIVES: Record<string, TypeConstraint> = { string: STRING, number: NUMBER, bool: BOOL, any: ANY };
const CONSTRUCTOR_HELP: Record<string, string> = {
  list: 'The list type constructor requires one argument specifying the element type.',
  set: 'The set type constructor requires one argument specifying the element type.',
  map: 'The map type constructor requires one argument specifying the element type.',
  object: 'The object type constructor requires one argument specifying the attribute types as a map.',
  tuple: 'The tuple type constructor requires one argument specifying the element types as a list.',
};
const GENERAL_HELP =
  'A type specification is either a primitive type keyword (bool, number, string, any) or a complex type constructor call, like list(string).';

class TypeError_ {
  constructor(readonly diag: Diagnostic) {}
}

const invalid = (detail: string, expr: Expression): never => {
  throw new TypeError_(errorDiag('Invalid type specification', detail, expr.range));
};

/** Reads a type written in HCL as Terraform variable blocks do: string, list(string), object({a=number}). */
export function parseTypeExpression(expr: Expression): TypeExpressionResult {
  try {
    return { type: typeOf(expr, false), diagnostics: [] };
  } catch (err) {
    if (err instanceof TypeError_) return { type: ANY, diagnostics: [err.diag] };
    throw err;
  }
}

function keyword(expr: Expression): string | null {
  if (expr.kind === 'ScopeTraversal' && expr.traversal.length === 1 && expr.traversal[0]!.kind === 'Root') {
    return expr.traversal[0]!.name;
  }
  return null;
}

function typeOf(expr: Expression, inObject: boolean): TypeConstraint {
  if (expr.kind === 'Parentheses') return typeOf(expr.expr, inObject);
  const kw = keyword(expr);
  if (kw !== null) {
    if (PRIMITIVES[kw]) return PRIMITIVES[kw]!;
    if (CONSTRUCTOR_HELP[kw]) return invalid(CONSTRUCTOR_HELP[kw]!, expr);
    return invalid(`The keyword ${JSON.stringify(kw)} is not a valid type specification.`, expr);
  }
  if (expr.kind !== 'FunctionCall') return invalid(GENERAL_HELP, expr);
  const name = expr.name;
  if (name === 'optional') {
    return invalid(inObject ? 'Keyword "optional" is valid only directly as an object attribute type.' : 'Keyword "optional" is valid only as a modifier for object type attributes.', expr);
  }
  if (!CONSTRUCTOR_HELP[name]) return invalid(`Keyword ${JSON.stringify(name)} is not a valid type constructor.`, expr);
  if (expr.args.length !== 1 || expr.expandFinal) return invalid(CONSTRUCTOR_HELP[name]!, expr);
  const arg = expr.args[0]!;
  switch (name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: name, element: typeOf(arg, false) };
    case 'tuple':
      if (arg.kind !== 'TupleCons') return invalid(CONSTRUCTOR_HELP.tuple!, arg);
      return { kind: 'tuple', elements: arg.exprs.map((e) => typeOf(e, false)) };
    default:
      return objectType(arg);
  }
}

function objectType(arg: Expression): TypeConstraint {
  if (arg.kind !== 'ObjectCons') return invalid(CONSTRUCTOR_HELP.object!, arg);
  const attributes: Record<string, TypeConstraint> = {};
  const optional: Record<string, HclValue> = {};
  for (const item of arg.items) {
    const key = item.keyExpr;
    const name = key.kind === 'LiteralValue' && typeof key.value === 'string' ? key.value : keyword(key);
    if (name === null) return invalid('Object constructor map keys must be attribute names.', key);
    const valueExpr = item.valueExpr;
    if (valueExpr.kind === 'FunctionCall' && valueExpr.name === 'optional') {
      if (valueExpr.args.length < 1 || valueExpr.args.length > 2) {
        return invalid('Optional attribute modifier requires the attribute type as its first argument and an optional default value as its second.', valueExpr);
      }
      attributes[name] = typeOf(valueExpr.args[0]!, true);
      optional[name] = valueExpr.args[1] ? defaultValue(valueExpr.args[1]) : null;
    } else {
      attributes[name] = typeOf(valueExpr, true);
    }
  }
  return Object.keys(optional).length > 0 ? { kind: 'object', attributes, optional } : { kind: 'object', attributes };
}

function defaultValue(expr: Expression): HclValue {
  const r = evaluate(expr, { variables: {} });
  if (r.diagnostics.length > 0) throw new TypeError_(r.diagnostics[0]!);
  return r.value;
}
