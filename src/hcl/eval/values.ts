import { collectionKind, markCollection } from './collection-kind.js';
import type { HclObject, HclValue } from '../value.js';
import { isHclObject } from '../value.js';

/** Helpers over runtime values shared by the evaluator, conversions and the function library. */

export function newObject(): HclObject {
  return Object.create(null) as HclObject;
}

export function hasKey(o: HclObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** HCL iterates maps and objects in lexical key order (bytewise for ASCII). */
export function sortedKeys(o: HclObject): string[] {
  // The default order compares UTF-16 code units, as < does, without a comparison function called per pair.
  return Object.keys(o).sort();
}

// Sets are arrays at run time like lists and tuples; the ones made by a set conversion are marked,
// because for_each accepts a set of strings but not a list (as Terraform).
export function markSet(values: HclValue[]): HclValue[] {
  return markCollection(values, 'set');
}

export function isSetValue(v: HclValue): boolean {
  return Array.isArray(v) && collectionKind(v) === 'set';
}

/** Friendly type name for messages: string, number, bool, null, tuple, object. */
export function kindName(v: HclValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'tuple';
  if (isHclObject(v)) return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

export function isPrimitive(v: HclValue): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function deepEqual(a: HclValue, b: HclValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]!));
  }
  if (isHclObject(a)) {
    if (!isHclObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasKey(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

/** Decimal text of a number without exponent notation, as cty prints numbers. */
export function numberToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const s = String(n);
  if (!s.includes('e')) return s;
  if (Number.isInteger(n)) return BigInt(n).toString();
  const [mantissa, exp] = s.split('e') as [string, string];
  const fractionDigits = (mantissa.split('.')[1]?.length ?? 0) - Number(exp);
  return n.toFixed(Math.min(100, fractionDigits));
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a string as cty does when converting string to number; null if it is not a number. */
export function stringToNumber(s: string): number | null {
  if (!NUMBER_TEXT.test(s)) return null;
  return Number(s);
}

