import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../src/model/json-depth.js';

/** An array (or object) nesting `levels` containers around 1. */
function nested(levels: number, as: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = as === 'array' ? [v] : { k: v };
  return v;
}

describe('nestedDeeperThan', () => {
  it('accepts exactly the limit and refuses one level more, for arrays and objects', () => {
    for (const as of ['array', 'object'] as const) {
      expect(nestedDeeperThan(nested(MAX_JSON_DEPTH, as))).toBe(false);
      expect(nestedDeeperThan(nested(MAX_JSON_DEPTH + 1, as))).toBe(true);
      expect(nestedDeeperThan(nested(3, as), 3)).toBe(false);
      expect(nestedDeeperThan(nested(4, as), 3)).toBe(true);
    }
  });

  it('answers a hostile value nested 200,000 deep without overflowing the stack', () => {
    expect(nestedDeeperThan(nested(200_000, 'array'))).toBe(true);
    expect(nestedDeeperThan(nested(200_000, 'object'))).toBe(true);
  });

  it('finds a deep value anywhere in a wide one: the last entry of a long list, under mixed containers', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => ({ id: i, attrs: { a: [1, 2], b: null } }));
    expect(nestedDeeperThan(wide)).toBe(false);
    wide.push({ id: -1, attrs: { a: [nested(MAX_JSON_DEPTH, 'object') as number, 2], b: null } });
    expect(nestedDeeperThan(wide)).toBe(true);
  });

  it('takes primitives and null as depth 0', () => {
    for (const v of [null, 1, 'x', true]) expect(nestedDeeperThan(v, 0)).toBe(false);
    expect(nestedDeeperThan([], 0)).toBe(true);
  });
});
