import type { HclValue } from '../value.js';

/** A type constraint as Terraform variable blocks and function parameters express them. */
export type TypeConstraint =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'any' }
  | { kind: 'list'; element: TypeConstraint }
  | { kind: 'set'; element: TypeConstraint }
  | { kind: 'map'; element: TypeConstraint }
  | {
      kind: 'object';
      attributes: Record<string, TypeConstraint>;
      /** Attributes declared optional(...), with their defaults (null when none was given). */
      optional?: Record<string, HclValue>;
    }
  | { kind: 'tuple'; elements: TypeConstraint[] };

export const STRING: TypeConstraint = { kind: 'string' };
export const NUMBER: TypeConstraint = { kind: 'number' };
export const BOOL: TypeConstraint = { kind: 'bool' };
export const ANY: TypeConstraint = { kind: 'any' };

export const listOf = (element: TypeConstraint): TypeConstraint => ({ kind: 'list', element });
export const setOf = (element: TypeConstraint): TypeConstraint => ({ kind: 'set', element });
export const mapOf = (element: TypeConstraint): TypeConstraint => ({ kind: 'map', element });
export const tupleOf = (elements: TypeConstraint[]): TypeConstraint => ({ kind: 'tuple', elements });
export const objectOf = (
  attributes: Record<string, TypeConstraint>,
  optional?: Record<string, HclValue>,
): TypeConstraint => (optional ? { kind: 'object', attributes, optional } : { kind: 'object', attributes });

/** The type written in HCL syntax: list(string), object({name=string}). */
export function typeString(t: TypeConstraint): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeString(t.element)})`;
    case 'tuple':
      return `tuple([${t.elements.map(typeString).join(', ')}])`;
    case 'object': {
      const attrs = Object.keys(t.attributes).map((k) => {
        const inner = typeString(t.attributes[k]!);
        return t.optional && k in t.optional ? `${k}=optional(${inner})` : `${k}=${inner}`;
      });
      return `object({${attrs.join(', ')}})`;
    }
    default:
      return t.kind;
  }
}

/** The name cty uses in conversion errors: "list of string", "map of number", "object". */
export function friendlyTypeName(t: TypeConstraint): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return t.element.kind === 'any' ? t.kind : `${t.kind} of ${friendlyTypeName(t.element)}`;
    default:
      return t.kind;
  }
}
