import type { Range } from '../hcl/range.js';

/** A decoded value and the source range of the expression that produced it. */
export interface Located<T> {
  v: T;
  r: Range;
  /** derived from a sensitive variable: never printed (see sensitivity.ts) */
  sensitive?: true;
}

export const at = <T>(v: T, r: Range): Located<T> => ({ v, r });
