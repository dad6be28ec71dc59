import { describe, expect, it } from 'vitest';
import { jsonPieces, JsonTexts } from '../../src/render/json-pieces.js';

const joined = (v: unknown, depth?: number): string => [...jsonPieces(v, depth)].join('');

describe('jsonPieces', () => {
  it('joins to JSON.stringify of a plan-shaped document at every depth', () => {
    const doc = {
      format_version: '1.0',
      resource_changes: [
        { address: 'virtual_server.web.backend["10.0.0.1"]', change: { before: null, after: { weight: 1, flags: [] } }, drift: false },
        { address: 'b', change: { actions: ['delete', 'create'] } },
      ],
      lvsplan: { hosts: [{ name: 'd', role: 'director' }], unmanaged: [] },
      empty: {},
      none: [],
    };
    for (const depth of [0, 1, 2, 3, 10]) expect(joined(doc, depth)).toBe(JSON.stringify(doc));
  });

  it('splits the members of the opened levels into pieces of their own', () => {
    const pieces = [...jsonPieces({ a: [{ x: 1 }, { y: 2 }] })];
    expect(pieces).toEqual(['{', '"a":', '[', '{"x":1}', ',', '{"y":2}', ']', '}']);
  });

  it('escapes keys and strings as JSON.stringify does', () => {
    const doc = { 'k"\\\n\u0001é': ['"quoted"', 'tab\there', '\u2028', '\ud800', 'snow ☃'], '\u0000': { '"': '\\' } };
    for (const depth of [1, 2, 3]) expect(joined(doc, depth)).toBe(JSON.stringify(doc));
  });

  it('leaves out members without a JSON form and writes such elements as null, as JSON.stringify does', () => {
    const doc = { u: undefined, f: () => 1, s: Symbol('x'), [Symbol('k')]: 1, list: [undefined, () => 1, Symbol('y'), 1], n: null, last: undefined };
    for (const depth of [1, 2, 3]) expect(joined(doc, depth)).toBe(JSON.stringify(doc));
    expect(joined({ u: undefined })).toBe('{}');
  });

  it('reads getters once, and hands toJSON, dates, class instances and numbers to JSON.stringify', () => {
    let reads = 0;
    const doc = {
      get fingerprint() {
        reads += 1;
        return 'abc';
      },
      date: new Date(0),
      custom: { toJSON: () => ({ shown: true }) },
      instance: new (class { a = 1; })(),
      numbers: [1.5, -0, NaN, Infinity, 1e21],
      nullProto: Object.assign(Object.create(null) as object, { z: 1 }),
    };
    expect(joined(doc, 3)).toBe(JSON.stringify(doc));
    expect(reads).toBe(2);
  });

  it('writes a top-level value without a JSON form as nothing, as JSON.stringify returns undefined', () => {
    expect([...jsonPieces(undefined)]).toEqual([]);
    expect(joined('text')).toBe('"text"');
  });

  it('writes JsonTexts text by text at any depth, making each only when it is written; JSON.stringify sees their values', () => {
    let made = 0;
    const list = new JsonTexts(Array.from({ length: 1000 }, (_, i) => i), (i) => {
      made += 1;
      return JSON.stringify({ i, nested: { deep: [i] }, s: 'a"\\b' });
    });
    const doc = { before: 1, list, after: [new JsonTexts([null, 'x'], (v) => JSON.stringify(v)), new JsonTexts([], () => 'never')] };
    for (const depth of [0, 1, 2, 3]) expect(joined(doc, depth)).toBe(JSON.stringify(doc));
    expect(JSON.stringify(doc)).toBe(JSON.stringify({ before: 1, list: list.items.map((i) => ({ i, nested: { deep: [i] }, s: 'a"\\b' })), after: [[null, 'x'], []] }));
    made = 0;
    const pieces = jsonPieces(doc);
    for (let i = 0; i < 6; i++) pieces.next();
    expect(made).toBe(1);
    pieces.next();
    expect(made).toBe(2);
  });
});
