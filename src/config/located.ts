import type { Range } from '../hcl/range.js';
import { quotedOrHidden } from '../model/sensitive-text.js';

/** A decoded value and the source range of the expression that produced it. */
export interface Located<T> {
  v: T;
  r: Range;
  /** derived from a sensitive variable: never printed (see sensitivity.ts) */
  sensitive?: true;
}

export const at = <T>(v: T, r: Range): Located<T> => ({ v, r });

/**
 * A value located at a syntax node: its Range is made from the node only when read (by a diagnostic), so
 * decoding a repeated block's instances makes no Range per value.
 */
class AtNode<T> implements Located<T> {
  declare sensitive?: true;
  constructor(
    readonly v: T,
    readonly node: { readonly range: Range },
    sensitive: boolean,
  ) {
    if (sensitive) this.sensitive = true;
  }

  get r(): Range {
    return this.node.range;
  }
}

export const atNode = <T>(v: T, node: { readonly range: Range }, sensitive: boolean): Located<T> => new AtNode(v, node, sensitive);

/** The same place and marking with another value (a canonical form, a normalized text). */
export function withValue<T>(l: Located<unknown>, v: T): Located<T> {
  if (l instanceof AtNode) return new AtNode(v, l.node, l.sensitive === true);
  return { ...l, v };
}

/** The value as a diagnostic may quote it: JSON text, or (sensitive value) as Terraform writes it. */
export const quoted = (l: Located<unknown>): string => quotedOrHidden(l.v, l.sensitive);

/** A map value with the range of each literal key, where the map was written as { "k" = v }. */
export type LocatedMap = Located<Record<string, string>> & {
  keyRanges: Record<string, Range>;
  /** Keys that derive from a sensitive value, with where each is written. */
  sensitiveKeys?: Record<string, Range>;
  /** Keys whose values derive from a sensitive value. */
  sensitiveValues?: string[];
};
