import type { AttrSpec } from '../../model/schema/index.js';

/** Whether v is within the declared range of an integer attribute. */
export function inRange(spec: AttrSpec & { kind: 'int' }, v: number): boolean {
  return Number.isInteger(v) && v >= spec.min && v <= spec.max;
}
