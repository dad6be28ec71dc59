import type { AnonSymbolExpr, Expression } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import type { HclValue } from '../value.js';
import type { HclFunction } from './functions/function.js';

/** What an expression may refer to: root names (var, local, each, count, ...) and functions. */
export interface EvalContext {
  variables: Record<string, HclValue>;
  /** Defaults to the standard library (defaultFunctions). */
  functions?: Record<string, HclFunction>;
}

export interface EvalResult {
  value: HclValue;
  diagnostics: Diagnostic[];
  /**
   * No value: an error is in diagnostics, or the expression reads a value that failed before and was
   * reported then (a variables entry that is FAILED, as a local whose expression failed), with no diagnostic of its own.
   */
  failed: boolean;
}

/** Marks a failed sub-expression so enclosing expressions stop without piling up diagnostics. */
export const FAILED: unique symbol = Symbol('evaluation failed');
export type Val = HclValue | typeof FAILED;

export interface Scope {
  variables: Record<string, HclValue>;
  functions: Record<string, HclFunction>;
  /** Values of splat placeholders, keyed by the placeholder node of their splat. */
  anon: Map<AnonSymbolExpr, HclValue>;
  parent: Scope | null;
}

export type Evaluator = (expr: Expression, scope: Scope, diags: Diagnostic[]) => Val;

/** The value of a root name in the innermost scope that has it, or FAILED when none has. */
export function lookupVariable(scope: Scope, name: string): Val {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (Object.prototype.hasOwnProperty.call(s.variables, name)) return s.variables[name]!;
  }
  return FAILED;
}

export function childScope(scope: Scope, variables: Record<string, HclValue>): Scope {
  return { variables, functions: scope.functions, anon: scope.anon, parent: scope };
}

export function lookupAnon(scope: Scope, node: AnonSymbolExpr): Val {
  return scope.anon.has(node) ? scope.anon.get(node)! : FAILED;
}
