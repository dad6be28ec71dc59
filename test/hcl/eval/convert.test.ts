import { describe, expect, it } from 'vitest';
import { convertTo, convertValue, isAlreadyOf } from '../../../src/hcl/eval/convert.js';
import { ANY, BOOL, listOf, mapOf, NUMBER, objectOf, setOf, STRING, tupleOf, typeString } from '../../../src/hcl/eval/types.js';
import { parseTypeExpression } from '../../../src/hcl/eval/type-expression.js';
import { parseFile } from '../../../src/hcl/parse.js';
import { plain, rng } from './ast-builders.js';

const conv = (v: Parameters<typeof convertValue>[0], t: Parameters<typeof convertValue>[1]) => {
  const c = convertValue(v, t);
  return c.ok ? { value: plain(c.value) } : { error: c.error };
};

describe('convertValue', () => {
  it('converts primitives where cty allows', () => {
    expect(conv(5, STRING)).toEqual({ value: '5' });
    expect(conv(1e21, STRING)).toEqual({ value: '1000000000000000000000' });
    expect(conv(1.5e-7, STRING)).toEqual({ value: '0.00000015' });
    expect(conv('12.5', NUMBER)).toEqual({ value: 12.5 });
    expect(conv('1e3', NUMBER)).toEqual({ value: 1000 });
    expect(conv(' 1', NUMBER)).toEqual({ error: 'a number is required' });
    expect(conv('true', BOOL)).toEqual({ value: true });
    expect(conv('yes', BOOL)).toEqual({ error: 'a bool is required' });
    expect(conv(null, NUMBER)).toEqual({ value: null });
    expect(conv([1], STRING)).toEqual({ error: 'string required' });
  });

  it('converts collections element by element with paths in errors', () => {
    expect(conv([1, '2'], listOf(NUMBER))).toEqual({ value: [1, 2] });
    expect(conv([1, 'x'], listOf(NUMBER))).toEqual({ error: 'element 1: a number is required' });
    expect(conv({ a: 1 }, listOf(STRING))).toEqual({ error: 'list of string required' });
    expect(conv(['b', 'a', 'b'], setOf(STRING))).toEqual({ value: ['a', 'b'] });
    expect(conv({ a: '1' }, mapOf(NUMBER))).toEqual({ value: { a: 1 } });
    expect(conv({ a: 'x' }, mapOf(NUMBER))).toEqual({ error: 'element "a": a number is required' });
    expect(conv([1, 'a'], tupleOf([NUMBER, STRING]))).toEqual({ value: [1, 'a'] });
    expect(conv([1], tupleOf([NUMBER, STRING]))).toEqual({ error: 'tuple required with exactly 2 element(s)' });
  });

  it('converts objects, dropping extra attributes and filling optional ones', () => {
    const t = objectOf({ name: STRING, weight: NUMBER, tags: listOf(STRING) }, { weight: 1, tags: null });
    expect(conv({ name: 'a', extra: true }, t)).toEqual({ value: { name: 'a', weight: 1, tags: null } });
    expect(conv({ name: 'a', weight: '5', tags: [] }, t)).toEqual({ value: { name: 'a', weight: 5, tags: [] } });
    expect(conv({ weight: 1 }, t)).toEqual({ error: 'attribute "name" is required' });
    expect(conv({ name: [] }, t)).toEqual({ error: 'attribute "name": string required' });
  });

  it('passes anything through any', () => {
    expect(conv({ a: [1] }, ANY)).toEqual({ value: { a: [1] } });
  });

  it('convertTo produces a diagnostic with the given range', () => {
    const range = rng();
    const r = convertTo('x', NUMBER, range, 'attribute "port"');
    expect(r.value).toBeNull();
    expect(r.diagnostics).toEqual([
      { severity: 'error', summary: 'Incorrect value type', detail: 'Inappropriate value for attribute "port": a number is required.', subject: range },
    ]);
    expect(convertTo('8', NUMBER, range)).toEqual({ value: 8, diagnostics: [] });
  });
});

describe('isAlreadyOf (the evaluator skips convertValue when it holds)', () => {
  it('holds only where convertValue gives back the value itself', () => {
    const values = [0, 1.5, NaN, '', '1', 'true', true, false, null, [], ['a'], { a: 1 }];
    const types = [ANY, NUMBER, STRING, BOOL, listOf(STRING), mapOf(NUMBER)];
    let held = 0;
    for (const t of types)
      for (const v of values) {
        if (!isAlreadyOf(v, t)) continue;
        held++;
        const c = convertValue(v, t);
        expect(c.ok && Object.is(c.value, v), `${JSON.stringify(v)} as ${typeString(t)}`).toBe(true);
      }
    expect(held).toBe(values.length + 3 + 3 + 2);
  });
});

describe('parseTypeExpression', () => {
  const typeOf = (text: string) => {
    const { file, diagnostics } = parseFile(`type = ${text}\n`, 'types.hcl');
    expect(diagnostics).toEqual([]);
    return parseTypeExpression(file.body.attributes[0]!.expr);
  };

  it('reads primitive keywords and constructors', () => {
    for (const t of ['string', 'number', 'bool', 'any', 'list(string)', 'set(number)', 'map(list(bool))', 'tuple([string, number])']) {
      const r = typeOf(t);
      expect(r.diagnostics).toEqual([]);
      expect(typeString(r.type)).toBe(t.replace(/, /g, ', '));
    }
  });

  it('reads object types with optional attributes and defaults', () => {
    const r = typeOf('object({ name = string, weight = optional(number, 1), tags = optional(list(string)) })');
    expect(r.diagnostics).toEqual([]);
    expect(r.type).toEqual(objectOf({ name: STRING, weight: NUMBER, tags: listOf(STRING) }, { weight: 1, tags: null }));
  });

  it('reports invalid type specifications with ranges', () => {
    const bad = typeOf('strin');
    expect(bad.diagnostics[0]).toMatchObject({ summary: 'Invalid type specification', detail: 'The keyword "strin" is not a valid type specification.' });
    expect(bad.diagnostics[0]!.subject!.start.column).toBe(8);
    expect(typeOf('list').diagnostics[0]!.detail).toBe('The list type constructor requires one argument specifying the element type.');
    expect(typeOf('list(string, number)').diagnostics[0]!.summary).toBe('Invalid type specification');
    expect(typeOf('optional(string)').diagnostics[0]!.detail).toMatch(/only as a modifier for object type attributes/);
    expect(typeOf('foo(string)').diagnostics[0]!.detail).toBe('Keyword "foo" is not a valid type constructor.');
    expect(typeOf('"string"').diagnostics[0]!.summary).toBe('Invalid type specification');
  });
});
