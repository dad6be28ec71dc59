import type { HclValue } from '../value.js';
import { isHclObject } from '../value.js';
import { collectionKind } from './collection-kind.js';
import { ANY, BOOL, NUMBER, STRING, type TypeConstraint } from './types.js';

/**
 * cty's type unification (convert/unify.go), for the elements of a collection of `any`: the one type
 * they all convert to. Tuples of one length unify element by element, of different lengths to a
 * list; objects with one set of attribute names attribute by attribute, else to a map; otherwise the
 * most general of the types that every other converts to safely (string over number and bool, a set
 * over a list over a tuple, a map over an object). So tolist([[], ["a"]]) holds two lists of strings.
 */
export function unifyTypes(types: readonly TypeConstraint[]): TypeConstraint | null {
  if (types.length === 0) return ANY;
  const known = types.filter((t) => t.kind !== 'any');
  if (known.length === 0) return ANY;
  const objects = known.filter((t) => t.kind === 'object');
  const tuples = known.filter((t) => t.kind === 'tuple');
  if (objects.length > 0 && tuples.length > 0) return null;
  if (objects.length === known.length) return unifyObjects(objects as ObjectType[]);
  if (tuples.length === known.length) return unifyTuples(tuples as TupleType[]);
  const order = known.map((t, i) => ({ t, i })).sort((a, b) => preference(a.t, b.t) || a.i - b.i);
  for (const { t: want } of order) if (known.every((t) => sameType(t, want) || converts(t, want))) return want;
  return null;
}

/** The type cty knows a value by: collections as the conversion that made them marked them, null as any. */
export function typeOfValue(v: HclValue): TypeConstraint {
  if (v === null) return ANY;
  if (typeof v === 'string') return STRING;
  if (typeof v === 'number') return NUMBER;
  if (typeof v === 'boolean') return BOOL;
  const kind = collectionKind(v);
  if (Array.isArray(v)) {
    const elements = v.map(typeOfValue);
    return kind === 'list' || kind === 'set' ? { kind, element: unifyTypes(elements) ?? ANY } : { kind: 'tuple', elements };
  }
  if (!isHclObject(v)) return ANY;
  const attributes = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeOfValue(x)]));
  return kind === 'map' ? { kind: 'map', element: unifyTypes(Object.values(attributes)) ?? ANY } : { kind: 'object', attributes };
}

type ObjectType = Extract<TypeConstraint, { kind: 'object' }>;
type TupleType = Extract<TypeConstraint, { kind: 'tuple' }>;

function unifyObjects(types: ObjectType[]): TypeConstraint | null {
  const names = Object.keys(types[0]!.attributes).sort().join('\u0000');
  if (types.some((t) => Object.keys(t.attributes).sort().join('\u0000') !== names)) {
    const element = unifyTypes(types.flatMap((t) => Object.values(t.attributes)));
    return element && { kind: 'map', element };
  }
  const attributes: Record<string, TypeConstraint> = {};
  for (const name of Object.keys(types[0]!.attributes)) {
    const t = unifyTypes(types.map((o) => o.attributes[name]!));
    if (!t) return null;
    attributes[name] = t;
  }
  return { kind: 'object', attributes };
}

function unifyTuples(types: TupleType[]): TypeConstraint | null {
  const length = types[0]!.elements.length;
  if (types.some((t) => t.elements.length !== length)) {
    const element = unifyTypes(types.flatMap((t) => t.elements));
    return element && { kind: 'list', element };
  }
  const elements: TypeConstraint[] = [];
  for (let i = 0; i < length; i++) {
    const t = unifyTypes(types.map((x) => x.elements[i]!));
    if (!t) return null;
    elements.push(t);
  }
  return { kind: 'tuple', elements };
}

/** cty's compareTypes: < 0 when `a` is the more general (preferred) result type. */
function preference(a: TypeConstraint, b: TypeConstraint): number {
  if (a.kind === 'string' && b.kind !== 'string') return isPrimitive(b) ? -1 : 0;
  if (b.kind === 'string' && a.kind !== 'string') return isPrimitive(a) ? 1 : 0;
  const rank: Partial<Record<TypeConstraint['kind'], number>> = { set: 0, list: 1, tuple: 2 };
  const maps: Partial<Record<TypeConstraint['kind'], number>> = { map: 0, object: 1 };
  if (rank[a.kind] !== undefined && rank[b.kind] !== undefined) return rank[a.kind]! - rank[b.kind]!;
  if (maps[a.kind] !== undefined && maps[b.kind] !== undefined) return maps[a.kind]! - maps[b.kind]!;
  return 0;
}

const isPrimitive = (t: TypeConstraint): boolean => t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';

function sameType(a: TypeConstraint, b: TypeConstraint): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether cty converts a value of type `from` to `to` without possible loss (a "safe" conversion). */
function converts(from: TypeConstraint, to: TypeConstraint): boolean {
  if (from.kind === 'any' || to.kind === 'any' || sameType(from, to)) return true;
  switch (to.kind) {
    case 'string':
      return from.kind === 'number' || from.kind === 'bool';
    case 'list':
    case 'set':
      if (from.kind === 'list' || from.kind === 'set') return converts(from.element, to.element);
      return from.kind === 'tuple' && from.elements.every((e) => converts(e, to.element));
    case 'map':
      if (from.kind === 'map') return converts(from.element, to.element);
      return from.kind === 'object' && Object.values(from.attributes).every((e) => converts(e, to.element));
    case 'tuple':
      return from.kind === 'tuple' && from.elements.length === to.elements.length && from.elements.every((e, i) => converts(e, to.elements[i]!));
    case 'object': {
      if (from.kind !== 'object') return false;
      const names = Object.keys(to.attributes);
      return names.length === Object.keys(from.attributes).length && names.every((n) => from.attributes[n] !== undefined && converts(from.attributes[n]!, to.attributes[n]!));
    }
    default:
      return false;
  }
}
