import type {
  AnonSymbolExpr, BinaryOperator, Expression, ForExpr, FunctionCallExpr, ScopeTraversalExpr, TemplatePart, Traverser,
} from '../../../src/hcl/ast.js';
import type { Range } from '../../../src/hcl/range.js';
import type { HclValue } from '../../../src/hcl/value.js';
import { evaluate } from '../../../src/hcl/eval/evaluate.js';
import { isHclObject } from '../../../src/hcl/value.js';

/** Hand-built ASTs for evaluator tests: every node gets its own distinct range. */
let counter = 0;
export function rng(): Range {
  const b = ++counter * 100;
  return { filename: 'test.hcl', start: { line: counter, column: 1, byte: b }, end: { line: counter, column: 10, byte: b + 9 } };
}

export const lit = (value: null | boolean | number | string): Expression => ({ kind: 'LiteralValue', value, range: rng() });

/** Any JSON-like value as a constructor expression. */
export function val(v: HclValue): Expression {
  if (Array.isArray(v)) return tuple(...v.map(val));
  if (isHclObject(v)) return obj(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, val(x)])));
  return lit(v);
}

export const tuple = (...exprs: Expression[]): Expression => ({ kind: 'TupleCons', exprs, range: rng(), openRange: rng() });

export function obj(items: Record<string, Expression>): Expression {
  return {
    kind: 'ObjectCons',
    items: Object.entries(items).map(([k, e]) => ({ keyExpr: lit(k), bareKey: true, valueExpr: e })),
    range: rng(),
    openRange: rng(),
  };
}

export function objKeys(items: [Expression, Expression][]): Expression {
  return { kind: 'ObjectCons', items: items.map(([k, v]) => ({ keyExpr: k, bareKey: false, valueExpr: v })), range: rng(), openRange: rng() };
}

const steps = (path: (string | number)[]): Traverser[] =>
  path.map((p) => (typeof p === 'number' ? { kind: 'Index', key: p, range: rng() } : { kind: 'Attr', name: p, range: rng() }));

export function ref(root: string, ...path: (string | number)[]): ScopeTraversalExpr {
  return { kind: 'ScopeTraversal', traversal: [{ kind: 'Root', name: root, range: rng() }, ...steps(path)], range: rng() };
}

export const rel = (source: Expression, ...path: (string | number)[]): Expression => ({
  kind: 'RelativeTraversal', source, traversal: steps(path), range: rng(),
});

export const index = (collection: Expression, key: Expression): Expression => ({
  kind: 'Index', collection, key, range: rng(), bracketRange: rng(),
});

export function call(name: string, ...args: Expression[]): FunctionCallExpr {
  return { kind: 'FunctionCall', name, args, expandFinal: false, nameRange: rng(), openParenRange: rng(), closeParenRange: rng(), range: rng() };
}

export const callExpand = (name: string, ...args: Expression[]): FunctionCallExpr => ({ ...call(name, ...args), expandFinal: true });

export const bin = (op: BinaryOperator, lhs: Expression, rhs: Expression): Expression => ({ kind: 'BinaryOp', op, lhs, rhs, range: rng() });
export const not = (operand: Expression): Expression => ({ kind: 'UnaryOp', op: '!', operand, symbolRange: rng(), range: rng() });
export const neg = (operand: Expression): Expression => ({ kind: 'UnaryOp', op: '-', operand, symbolRange: rng(), range: rng() });
export const cond = (c: Expression, t: Expression, f: Expression): Expression => ({
  kind: 'Conditional', condition: c, trueResult: t, falseResult: f, range: rng(),
});
export const paren = (expr: Expression): Expression => ({ kind: 'Parentheses', expr, range: rng() });

export const tlit = (value: string): TemplatePart => ({ kind: 'TemplateLiteral', value, range: rng() });
export const interp = (expr: Expression, stripLeft = false, stripRight = false): TemplatePart => ({
  kind: 'TemplateInterpolation', expr, stripLeft, stripRight, range: rng(),
});
export const tif = (condition: Expression, then: TemplatePart[], els: TemplatePart[] | null = null): TemplatePart => ({
  kind: 'TemplateIf', condition, then, else: els, range: rng(),
});
export const tfor = (keyVar: string | null, valueVar: string, collection: Expression, body: TemplatePart[]): TemplatePart => ({
  kind: 'TemplateFor', keyVar, valueVar, collection, body, range: rng(),
});
export const template = (...parts: TemplatePart[]): Expression => ({ kind: 'Template', parts, heredoc: false, range: rng() });
export const wrap = (wrapped: Expression): Expression => ({ kind: 'TemplateWrap', wrapped, range: rng() });

export function forExpr(opts: {
  key?: string; value: string; coll: Expression; keyExpr?: Expression; valueExpr: Expression; cond?: Expression; group?: boolean;
}): ForExpr {
  return {
    kind: 'For', keyVar: opts.key ?? null, valueVar: opts.value, collection: opts.coll,
    keyExpr: opts.keyExpr ?? null, valueExpr: opts.valueExpr, condition: opts.cond ?? null, group: opts.group ?? false,
    range: rng(), openRange: rng(), closeRange: rng(),
  };
}

/** source[*].path... ; `each` receives the placeholder to build on. */
export function splat(source: Expression, each: (item: AnonSymbolExpr) => Expression, style: 'attr' | 'full' = 'full'): Expression {
  const item: AnonSymbolExpr = { kind: 'AnonSymbol', range: rng() };
  return { kind: 'Splat', source, each: each(item), item, style, markerRange: rng(), range: rng() };
}

export const ev = (expr: Expression, variables: Record<string, HclValue> = {}) => evaluate(expr, { variables });

/** The value of a successful evaluation; fails the test with the diagnostics otherwise. */
export function value(expr: Expression, variables: Record<string, HclValue> = {}): HclValue {
  const r = ev(expr, variables);
  if (r.diagnostics.length > 0) throw new Error(`unexpected diagnostics: ${JSON.stringify(r.diagnostics.map((d) => [d.summary, d.detail]))}`);
  return plain(r.value);
}

/** Null-prototype objects to plain ones, so toEqual compares them structurally. */
export function plain(v: HclValue): HclValue {
  if (Array.isArray(v)) return v.map(plain);
  if (isHclObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** The single error of a failing evaluation. */
export function error(expr: Expression, variables: Record<string, HclValue> = {}) {
  const r = ev(expr, variables);
  if (r.value !== null || r.diagnostics.length !== 1) {
    throw new Error(`expected one error, got value ${JSON.stringify(r.value)} and ${JSON.stringify(r.diagnostics.map((d) => d.summary))}`);
  }
  return r.diagnostics[0]!;
}

export const fcall = (name: string, ...args: HclValue[]): FunctionCallExpr => call(name, ...args.map(val));
