import type { HclObject, HclValue } from '../value.js';

export type CollectionKind = 'list' | 'set' | 'map';

/**
 * Which arrays and objects are lists, sets and maps rather than tuples and objects. cty keeps the type
 * with the value; a JS array or object does not, so the conversions that make one mark it here. Only
 * what shows types needs it (console prints tolist([...]) as `terraform console` does).
 */
const KINDS = new WeakMap<object, CollectionKind>();

export function markCollection<T extends HclValue[] | HclObject>(v: T, kind: CollectionKind): T {
  KINDS.set(v, kind);
  return v;
}

export function collectionKind(v: HclValue[] | HclObject): CollectionKind | undefined {
  return KINDS.get(v);
}
