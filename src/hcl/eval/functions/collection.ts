import type { HclObject, HclValue } from '../../value.js';
import { isHclObject } from '../../value.js';
import { unifyValues } from '../convert.js';
import { ANY, listOf, NUMBER, STRING } from '../types.js';
import { deepEqual, hasKey, kindName, newObject, sortedKeys } from '../values.js';
import { argError, callError, fn, param, returningList, type HclFunction } from './function.js';
import { graphemeCount } from './json.js';
import { collectionKind, markCollection } from '../collection-kind.js';

const MAX_RANGE = 1024;

function whole(n: number, index: number): number {
  if (!Number.isInteger(n)) argError(index, 'value must be a whole number');
  return n;
}

function unified(values: HclValue[]): HclValue[] {
  const u = unifyValues(values);
  return u.ok ? (u.value as HclValue[]) : callError(u.error);
}

function range(args: HclValue[]): HclValue[] {
  const nums = args as number[];
  const [start, limit] = nums.length === 1 ? [0, nums[0]!] : [nums[0]!, nums[1]!];
  const step = nums.length === 3 ? nums[2]! : limit < start ? -1 : 1;
  if (nums.length < 1 || nums.length > 3) callError('must have one, two, or three arguments');
  if (step === 0) argError(2, 'step must not be zero');
  if (step < 0 && start < limit) argError(1, 'when step is negative, start must be greater than or equal to limit');
  if (step > 0 && start > limit) argError(1, 'when step is positive, start must be less than or equal to limit');
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const v = start + i * step;
    if (step > 0 ? v >= limit : v <= limit) break;
    if (out.length >= MAX_RANGE) {
      callError(`more than ${MAX_RANGE} values were generated; either decrease the difference between start and limit or use a smaller step`);
    }
    out.push(v);
  }
  return out;
}

function flattenInto(v: HclValue[], out: HclValue[]): void {
  for (const x of v) {
    if (Array.isArray(x)) flattenInto(x, out);
    else out.push(x);
  }
}

export const collectionFunctions: Record<string, HclFunction> = {
  length: fn([param('value', ANY)], ([v]) => {
    if (typeof v === 'string') return graphemeCount(v);
    if (Array.isArray(v)) return v.length;
    if (isHclObject(v)) return Object.keys(v).length;
    return argError(0, 'argument must be a string, a collection type, or a structural type');
  }),

  concat: fn([], (lists) => {
    if (lists.length === 0) callError('at least one argument is required');
    const out: HclValue[] = [];
    lists.forEach((l, i) => {
      if (!Array.isArray(l)) argError(i, `all arguments must be lists or tuples; got ${kindName(l)}`);
      out.push(...l);
    });
    return out;
  }, param('seqs', ANY)),

  merge: fn([], (maps) => {
    const out = newObject();
    maps.forEach((m, i) => {
      if (m === null) return;
      if (!isHclObject(m)) argError(i, `arguments must be maps or objects, got ${JSON.stringify(kindName(m))}`);
      for (const k of Object.keys(m)) out[k] = m[k]!;
    });
    return out;
  }, param('maps', ANY, true)),

  range: returningList(fn([], range, param('params', NUMBER))),

  lookup: fn([param('inputMap', ANY), param('key', STRING)], ([m, k, ...rest]) => {
    if (rest.length > 1) callError('lookup() takes two or three arguments');
    if (!isHclObject(m)) argError(0, 'the first argument must be a map or object');
    if (hasKey(m, k as string)) return m[k as string]!;
    if (rest.length === 1) return rest[0]!;
    return callError(`lookup failed to find key ${JSON.stringify(k)}`);
  }, param('default', ANY, true)),

  contains: fn([param('list', ANY), param('value', ANY, true)], ([list, value]) => {
    if (!Array.isArray(list)) argError(0, 'argument must be list, tuple, or set');
    return list.some((x) => deepEqual(x, value));
  }),

  // Terraform: the keys of a map are a list, those of an object a tuple (console: tolist(["a"]) and ["a"]).
  keys: fn([param('inputMap', ANY)], ([m]) => {
    if (!isHclObject(m)) argError(0, 'must have map or object type');
    return collectionKind(m) === 'map' ? markCollection(sortedKeys(m), 'list') : sortedKeys(m);
  }),

  values: fn([param('mapping', ANY)], ([m]) => {
    if (!isHclObject(m)) argError(0, 'values() requires a map as the first argument');
    return sortedKeys(m).map((k) => (m as HclObject)[k]!);
  }),

  flatten: fn([param('list', ANY)], ([l]) => {
    if (!Array.isArray(l)) argError(0, 'can only flatten lists, sets and tuples');
    const out: HclValue[] = [];
    flattenInto(l, out);
    return out;
  }),

  distinct: returningList(fn([param('list', listOf(ANY))], ([l]) => {
    const out: HclValue[] = [];
    for (const v of l as HclValue[]) if (!out.some((x) => deepEqual(x, v))) out.push(v);
    return out;
  })),

  element: fn([param('list', ANY), param('index', NUMBER)], ([l, i]) => {
    if (!Array.isArray(l)) argError(0, 'cannot read elements from a non-list value');
    const index = whole(i as number, 1);
    if (index < 0) argError(1, 'cannot use element function with a negative index');
    if (l.length === 0) argError(0, 'cannot use element function with an empty list');
    return l[index % l.length]!;
  }),

  coalesce: fn([], (vals) => {
    const candidates = unified(vals);
    for (const v of candidates) if (v !== null && v !== '') return v;
    return callError('no non-null, non-empty-string arguments');
  }, param('vals', ANY, true)),
};

