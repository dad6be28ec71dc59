import { describe, expect, it } from 'vitest';
import { FAILED } from '../../../src/hcl/eval/context.js';
import { evaluate, quickValue } from '../../../src/hcl/eval/evaluate.js';
import { fn, param } from '../../../src/hcl/eval/functions/index.js';
import { NUMBER } from '../../../src/hcl/eval/types.js';
import {
  bin, call, callExpand, cond, error, ev, forExpr, index, interp, lit, neg, not, obj, objKeys, paren, ref, rel, splat,
  template, tfor, tif, tlit, tuple, val, value, wrap,
} from './ast-builders.js';

const vars = {
  var: { vip: '192.168.122.50', ports: [80, 443], tags: { env: 'prod' }, nothing: null },
  local: { backends: [{ name: 'a', w: 1 }, { name: 'b', w: 2 }] },
};

describe('literals and constructors', () => {
  it('returns literal values and builds tuples and objects', () => {
    expect(value(lit(5))).toBe(5);
    expect(value(tuple(lit(1), lit('x'), lit(null)))).toEqual([1, 'x', null]);
    expect(value(obj({ a: lit(1), b: tuple() }))).toEqual({ a: 1, b: [] });
  });

  it('converts computed object keys to strings and rejects null and structural keys', () => {
    expect(value(objKeys([[lit(1), lit('one')], [paren(ref('var', 'tags', 'env')), lit(true)]]), vars)).toEqual({ 1: 'one', prod: true });
    const nullKey = lit(null);
    const d = error(objKeys([[nullKey, lit(1)]]));
    expect(d.summary).toBe('Null value as key');
    expect(d.subject).toEqual(nullKey.range);
    const listKey = tuple();
    expect(error(objKeys([[listKey, lit(1)]]))).toMatchObject({ summary: 'Incorrect key type', subject: listKey.range });
  });
});

describe('traversals', () => {
  it('follows attributes and indexes', () => {
    expect(value(ref('var', 'ports', 1), vars)).toBe(443);
    expect(value(ref('local', 'backends', 0, 'name'), vars)).toBe('a');
    expect(value(rel(call('concat', val([1]), val([2])), 1))).toBe(2);
  });

  it('reports unknown roots, undeclared variables and missing attributes at the failing step', () => {
    const root = ref('nope');
    expect(error(root, vars)).toMatchObject({ summary: 'Unknown variable', detail: 'There is no variable named "nope".', subject: root.traversal[0]!.range });
    const undeclared = ref('var', 'missing');
    expect(error(undeclared, vars)).toMatchObject({ summary: 'Reference to undeclared input variable', subject: undeclared.traversal[1]!.range });
    expect(error(ref('local', 'x'), vars).summary).toBe('Reference to undeclared local value');
    const attr = ref('var', 'tags', 'team');
    expect(error(attr, vars)).toMatchObject({ summary: 'Unsupported attribute', detail: 'This object does not have an attribute named "team".', subject: attr.traversal[2]!.range });
  });

  it('stops without a diagnostic at a value that failed before (a failed local)', () => {
    const failedBefore = { local: { port: FAILED as never, ok: 80 } };
    for (const e of [ref('local', 'port'), bin('+', ref('local', 'port'), lit(1)), tuple(ref('local', 'ok'), ref('local', 'port'))]) {
      expect(evaluate(e, { variables: failedBefore })).toEqual({ value: null, diagnostics: [], failed: true });
    }
    expect(quickValue(ref('local', 'port'), failedBefore)).toBeUndefined();
    expect(evaluate(ref('local', 'ok'), { variables: failedBefore })).toEqual({ value: 80, diagnostics: [], failed: false });
  });

  it('rejects attribute access on null, lists and primitives', () => {
    expect(error(ref('var', 'nothing', 'x'), vars).summary).toBe('Attempt to get attribute from null value');
    expect(error(ref('local', 'backends', 'name'), vars).detail).toMatch(/list of objects/);
    expect(error(ref('var', 'vip', 'x'), vars).detail).toBe("Can't access attributes on a primitive-typed value (string).");
  });

  it('checks index bounds and key types', () => {
    const out = ref('var', 'ports', 2);
    expect(error(out, vars)).toMatchObject({ summary: 'Invalid index', subject: out.traversal[2]!.range });
    const e = index(ref('var', 'ports'), lit(-1));
    expect(error(e, vars)).toMatchObject({ summary: 'Invalid index', subject: (e as { bracketRange: unknown }).bracketRange });
    expect(error(index(ref('var', 'ports'), lit(0.5)), vars).detail).toMatch(/whole number/);
    expect(error(index(ref('var', 'nothing'), lit(0)), vars).summary).toBe('Attempt to index null value');
    expect(error(index(ref('var', 'ports'), lit(null)), vars).detail).toBe("Can't use a null value as an indexing key.");
  });

  it('indexes dynamically with numeric strings and object keys', () => {
    expect(value(index(ref('var', 'ports'), lit('1')), vars)).toBe(443);
    expect(value(index(ref('var', 'tags'), lit('env')), vars)).toBe('prod');
    expect(value(index(val({ '1': 'x' }), lit(1)))).toBe('x');
  });
});

describe('operators', () => {
  it('does arithmetic with string-to-number conversion', () => {
    expect(value(bin('+', lit(2), lit('3')))).toBe(5);
    expect(value(bin('-', lit(2), lit(5)))).toBe(-3);
    expect(value(bin('*', lit(4), lit(2.5)))).toBe(10);
    expect(value(bin('/', lit(7), lit(2)))).toBe(3.5);
    expect(value(bin('%', lit(7), lit(3)))).toBe(1);
    expect(value(neg(lit('4')))).toBe(-4);
  });

  it('reports unsuitable operands against the operand', () => {
    const bad = lit('abc');
    expect(error(bin('+', lit(1), bad))).toMatchObject({
      summary: 'Invalid operand', detail: 'Unsuitable value for right operand: a number is required.', subject: bad.range,
    });
    const nul = lit(null);
    expect(error(bin('*', nul, lit(1)))).toMatchObject({ summary: 'Invalid operand', subject: nul.range });
    expect(error(not(lit(1))).detail).toBe('Unsuitable value for unary operand: a bool is required.');
    expect(error(bin('<', tuple(), lit(1))).detail).toBe('Unsuitable value for left operand: number required.');
  });

  it('fails division and modulo by zero', () => {
    expect(error(bin('/', lit(1), lit(0)))).toMatchObject({ summary: 'Operation failed', detail: "Error during operation: can't divide by zero." });
    expect(error(bin('%', lit(1), lit(0))).summary).toBe('Operation failed');
  });

  it('compares numbers and values', () => {
    expect(value(bin('<', lit(1), lit('2')))).toBe(true);
    expect(value(bin('>=', lit(2), lit(2)))).toBe(true);
    expect(value(bin('==', val([1, { a: 'x' }]), val([1, { a: 'x' }])))).toBe(true);
    expect(value(bin('==', lit(1), lit('1')))).toBe(false);
    expect(value(bin('!=', val({ a: 1 }), val({ a: 1, b: 2 })))).toBe(true);
    expect(value(bin('==', lit(null), lit(null)))).toBe(true);
  });

  it('evaluates logic with short-circuit', () => {
    expect(value(bin('&&', lit(true), lit('false')))).toBe(false);
    expect(value(bin('||', lit(false), lit(true)))).toBe(true);
    expect(value(bin('&&', lit(false), ref('nope')))).toBe(false);
    expect(value(bin('||', lit(true), ref('nope')))).toBe(true);
    expect(error(bin('&&', lit(true), lit(3))).summary).toBe('Invalid operand');
    expect(value(not(lit(false)))).toBe(true);
  });
});

describe('conditionals', () => {
  it('picks a branch and does not report errors from the other', () => {
    expect(value(cond(lit(true), lit('a'), ref('nope')))).toBe('a');
    expect(value(cond(lit('false'), ref('nope'), lit(2)))).toBe(2);
  });

  it('unifies a number with a string result', () => {
    expect(value(cond(lit(true), lit(1), lit('x')))).toBe('1');
    expect(error(cond(lit(true), lit(1), lit(false))).summary).toBe('Inconsistent conditional result types');
  });

  it('requires a bool condition', () => {
    const c = lit('yes');
    expect(error(cond(c, lit(1), lit(2)))).toMatchObject({ summary: 'Incorrect condition type', subject: c.range });
    expect(error(cond(lit(null), lit(1), lit(2))).summary).toBe('Null condition');
  });
});

describe('templates', () => {
  it('interpolates and converts primitives', () => {
    expect(value(template(tlit('vip='), interp(ref('var', 'vip')), tlit(':'), interp(lit(80)), interp(lit(true))), vars)).toBe('vip=192.168.122.50:80true');
  });

  it('keeps the value of a template wrap unconverted', () => {
    expect(value(wrap(ref('var', 'ports')), vars)).toEqual([80, 443]);
  });

  it('applies strip markers to adjacent literals', () => {
    expect(value(template(tlit('a  \n'), interp(lit('x'), true, true), tlit('\n  b')))).toBe('axb');
    expect(value(template(tlit('a  '), interp(lit('x'), false, true), tlit('  b')))).toBe('a  xb');
  });

  it('renders if and for directives', () => {
    const t = template(tif(lit(true), [tlit('yes')], [tlit('no')]), tif(lit(false), [tlit('!')]));
    expect(value(t)).toBe('yes');
    const loop = template(tfor('i', 'p', ref('var', 'ports'), [interp(ref('i')), tlit('='), interp(ref('p')), tlit(';')]));
    expect(value(loop, vars)).toBe('0=80;1=443;');
    const mapLoop = template(tfor('k', 'v', val({ b: 2, a: 1 }), [interp(ref('k')), interp(ref('v'))]));
    expect(value(mapLoop)).toBe('a1b2');
  });

  it('rejects null and structural interpolations', () => {
    const n = lit(null);
    expect(error(template(tlit('x'), interp(n)))).toMatchObject({ summary: 'Invalid template interpolation value', subject: n.range });
    expect(error(template(interp(tuple()))).detail).toBe('Cannot include the given value in a string template: string required.');
  });
});

describe('for expressions', () => {
  it('maps and filters tuples', () => {
    const e = forExpr({ key: 'i', value: 'p', coll: ref('var', 'ports'), valueExpr: bin('+', ref('p'), ref('i')), cond: bin('>', ref('p'), lit(100)) });
    expect(value(e, vars)).toEqual([444]);
  });

  it('builds objects from objects in key order', () => {
    const e = forExpr({ key: 'k', value: 'v', coll: val({ z: 1, a: 2 }), keyExpr: template(tlit('x'), interp(ref('k'))), valueExpr: ref('v') });
    const r = ev(e);
    expect(Object.keys(r.value as object)).toEqual(['xa', 'xz']);
  });

  it('reports duplicate keys unless grouping', () => {
    const keyExpr = lit('same');
    const e = forExpr({ value: 'v', coll: val([1, 2]), keyExpr, valueExpr: ref('v') });
    expect(error(e)).toMatchObject({ summary: 'Duplicate object key', subject: keyExpr.range });
    const g = forExpr({ value: 'v', coll: val([1, 2, 3]), keyExpr: cond(bin('==', bin('%', ref('v'), lit(2)), lit(0)), lit('even'), lit('odd')), valueExpr: ref('v'), group: true });
    expect(value(g)).toEqual({ odd: [1, 3], even: [2] });
  });

  it('rejects null and non-iterable collections and bad conditions', () => {
    const n = ref('var', 'nothing');
    expect(error(forExpr({ value: 'v', coll: n, valueExpr: ref('v') }), vars)).toMatchObject({ summary: 'Iteration over null value', subject: n.range });
    expect(error(forExpr({ value: 'v', coll: lit(3), valueExpr: ref('v') })).summary).toBe('Iteration over non-iterable value');
    const c = lit('maybe');
    expect(error(forExpr({ value: 'v', coll: val([1]), valueExpr: ref('v'), cond: c }))).toMatchObject({ summary: "Invalid 'for' condition", subject: c.range });
    expect(error(forExpr({ value: 'v', coll: val([1]), keyExpr: lit(null), valueExpr: ref('v') })).summary).toBe('Invalid object key');
  });

  it('shadows outer names inside the body only', () => {
    const e = tuple(forExpr({ value: 'var', coll: val([1]), valueExpr: ref('var') }), ref('var', 'vip'));
    expect(value(e, vars)).toEqual([[1], '192.168.122.50']);
  });
});

describe('splat expressions', () => {
  it('maps attributes over lists', () => {
    expect(value(splat(ref('local', 'backends'), (it) => rel(it, 'name')), vars)).toEqual(['a', 'b']);
  });

  it('wraps a single value and turns null into an empty tuple', () => {
    expect(value(splat(ref('var', 'tags'), (it) => rel(it, 'env')), vars)).toEqual(['prod']);
    expect(value(splat(ref('var', 'nothing'), (it) => rel(it, 'x')), vars)).toEqual([]);
  });

  it('supports nested splats', () => {
    const data = { groups: [{ members: [{ n: 1 }, { n: 2 }] }, { members: [{ n: 3 }] }] };
    const e = splat(ref('d', 'groups'), (g) => splat(rel(g, 'members'), (m) => rel(m, 'n')));
    expect(value(e, { d: data })).toEqual([[1, 2], [3]]);
  });
});

describe('function calls', () => {
  it('calls functions and expands the final argument', () => {
    expect(value(call('upper', lit('x')))).toBe('X');
    expect(value(callExpand('max', val([3, 9, 2])))).toBe(9);
    expect(value(callExpand('format', lit('%s-%s'), val(['a', 'b'])))).toBe('a-b');
  });

  it('reports unknown functions at the name', () => {
    const c = call('nope', lit(1));
    expect(error(c)).toMatchObject({ summary: 'Call to unknown function', detail: 'There is no function named "nope".', subject: c.nameRange });
  });

  it('checks argument counts', () => {
    const few = call('replace', lit('a'));
    expect(error(few)).toMatchObject({ summary: 'Not enough function arguments', detail: 'Function "replace" expects 3 argument(s). Missing value for "substr".' });
    const extra = lit(2);
    expect(error(call('upper', lit('a'), extra))).toMatchObject({ summary: 'Too many function arguments', subject: extra.range });
  });

  it('reports an argument of the wrong type against that argument', () => {
    const arg = tuple();
    expect(error(call('upper', arg))).toMatchObject({
      summary: 'Invalid function argument', detail: 'Invalid value for "str" parameter: string required.', subject: arg.range,
    });
    const n = lit(null);
    expect(error(call('lower', n))).toMatchObject({ detail: 'Invalid value for "str" parameter: argument must not be null.', subject: n.range });
  });

  it('rejects expansion of non-sequences', () => {
    expect(error(callExpand('max', lit(1))).summary).toBe('Invalid expanding argument value');
  });

  it('turns function failures into diagnostics on the call', () => {
    const c = call('lookup', val({ a: 1 }), lit('b'));
    expect(error(c)).toMatchObject({ summary: 'Error in function call', detail: 'Call to function "lookup" failed: lookup failed to find key "b".', subject: c.range });
  });

  it('uses caller-supplied functions instead of the library', () => {
    const functions = { double: fn([param('n', NUMBER)], ([n]) => (n as number) * 2) };
    expect(evaluate(call('double', lit('21')), { variables: {}, functions }).value).toBe(42);
    expect(evaluate(call('upper', lit('x')), { variables: {}, functions }).diagnostics[0]!.summary).toBe('Call to unknown function');
    expect(ev(call('double', lit(2))).diagnostics[0]!.summary).toBe('Call to unknown function');
  });

  it('turns an unexpected exception inside a function into a diagnostic', () => {
    const functions = { boom: fn([], () => { throw new TypeError('kaput'); }) };
    const c = call('boom');
    const r = evaluate(c, { variables: {}, functions });
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ summary: 'Error in function call', detail: 'Call to function "boom" failed: kaput.', subject: c.range });
  });
});
