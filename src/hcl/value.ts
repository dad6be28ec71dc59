/**
 * Runtime values produced by evaluating HCL expressions.
 * Lists, tuples and sets are arrays; maps and objects are plain objects with a null prototype
 * (insertion order is preserved, keys are sorted where HCL says so). Numbers are JS numbers.
 */
export type HclValue = null | boolean | number | string | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue;
}

export function isHclObject(v: HclValue): v is HclObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function typeNameOf(v: HclValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'tuple';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}
