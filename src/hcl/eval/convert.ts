import type { Diagnostic } from '../diagnostic.js';
import type { Range } from '../range.js';
import type { HclValue } from '../value.js';
import { isHclObject } from '../value.js';
import { deepEqual, hasKey, isPrimitive, kindName, markSet, newObject, numberToString, stringToNumber } from './values.js';
import { markCollection } from './collection-kind.js';
import { friendlyTypeName, type TypeConstraint } from './types.js';
import { typeOfValue, unifyTypes } from './unify.js';

export type Conversion = { ok: true; value: HclValue } | { ok: false; error: string };

const ok = (value: HclValue): Conversion => ({ ok: true, value });
const fail = (error: string): Conversion => ({ ok: false, error });

/** True when convertValue(value, type) is the value itself and needs no conversion: a primitive of the type's own kind, or any type. */
export function isAlreadyOf(value: HclValue, type: TypeConstraint): boolean {
  switch (type.kind) {
    case 'any':
      return true;
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

/**
 * Converts a value to a type with cty's rules: null converts to every type, primitives convert
 * among themselves where the text allows, sequences to list/set/tuple, objects to map/object.
 * Errors are worded as cty words them ("a number is required", "element 0: string required").
 */
export function convertValue(value: HclValue, type: TypeConstraint): Conversion {
  if (value === null || type.kind === 'any') return ok(value);
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return ok(value);
      if (typeof value === 'number') return ok(numberToString(value));
      if (typeof value === 'boolean') return ok(value ? 'true' : 'false');
      return fail('string required');
    case 'number': {
      if (typeof value === 'number') return ok(value);
      if (typeof value === 'string') {
        const n = stringToNumber(value);
        return n === null ? fail('a number is required') : ok(n);
      }
      return fail(typeof value === 'boolean' ? 'a number is required' : 'number required');
    }
    case 'bool':
      if (typeof value === 'boolean') return ok(value);
      if (value === 'true' || value === 'false') return ok(value === 'true');
      return fail(isPrimitive(value) ? 'a bool is required' : 'bool required');
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return fail(`${friendlyTypeName(type)} required`);
      const elems = convertElements(value, type.element);
      if (!elems.ok) return elems;
      const arr = elems.value as HclValue[];
      return ok(type.kind === 'set' ? toSetOrder(arr) : markCollection([...arr], 'list'));
    }
    case 'map': {
      if (!isHclObject(value)) return fail(`${friendlyTypeName(type)} required`);
      const keys = Object.keys(value);
      const converted = convertElements(
        keys.map((k) => value[k]!),
        type.element,
        (i) => `element ${JSON.stringify(keys[i])}`,
      );
      if (!converted.ok) return converted;
      const out = newObject();
      keys.forEach((k, i) => (out[k] = (converted.value as HclValue[])[i]!));
      return ok(markCollection(out, 'map'));
    }
    case 'object': {
      if (!isHclObject(value)) return fail('object required');
      const out = newObject();
      for (const [name, attrType] of Object.entries(type.attributes)) {
        if (!hasKey(value, name) || value[name] === null) {
          if (type.optional && hasKey(type.optional, name)) {
            const dflt = convertValue(type.optional[name]!, attrType);
            out[name] = dflt.ok ? dflt.value : null;
            continue;
          }
          if (!hasKey(value, name)) return fail(`attribute ${JSON.stringify(name)} is required`);
        }
        const c = convertValue(value[name]!, attrType);
        if (!c.ok) return fail(`attribute ${JSON.stringify(name)}: ${c.error}`);
        out[name] = c.value;
      }
      return ok(out);
    }
    case 'tuple': {
      if (!Array.isArray(value)) return fail('tuple required');
      if (value.length !== type.elements.length) {
        return fail(`tuple required with exactly ${type.elements.length} element(s)`);
      }
      const out: HclValue[] = [];
      for (let i = 0; i < value.length; i++) {
        const c = convertValue(value[i]!, type.elements[i]!);
        if (!c.ok) return fail(`element ${i}: ${c.error}`);
        out.push(c.value);
      }
      return ok(out);
    }
  }
}

function convertElements(
  values: HclValue[],
  element: TypeConstraint,
  label: (i: number) => string = (i) => `element ${i}`,
): Conversion {
  if (element.kind === 'any') {
    const unified = unifyValues(values);
    return unified.ok ? unified : fail(unified.error);
  }
  const out: HclValue[] = [];
  for (let i = 0; i < values.length; i++) {
    const c = convertValue(values[i]!, element);
    if (!c.ok) return fail(`${label(i)}: ${c.error}`);
    out.push(c.value);
  }
  return ok(out);
}

/**
 * Brings the elements of a collection of `any` to one type as cty's unification does (unify.ts):
 * string wins over number and bool, tuples of different lengths become lists, objects of different
 * attributes maps; number and bool together cannot be unified, nor can primitives and structures.
 */
export function unifyValues(values: HclValue[]): Conversion {
  const type = unifyTypes(values.map(typeOfValue));
  if (!type) return fail('all elements must have the same type');
  if (type.kind === 'any') return ok(values);
  const out: HclValue[] = [];
  for (const v of values) {
    const c = convertValue(v, type);
    if (!c.ok) return fail('all elements must have the same type');
    out.push(c.value);
  }
  return ok(out);
}

/** Set semantics: duplicates removed; strings and numbers come out sorted as Terraform shows them. */
export function toSetOrder(values: HclValue[]): HclValue[] {
  const out: HclValue[] = [];
  for (const v of values) if (!out.some((x) => deepEqual(x, v))) out.push(v);
  if (out.every((v) => typeof v === 'string')) (out as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  else if (out.every((v) => typeof v === 'number')) (out as number[]).sort((a, b) => a - b);
  return markSet(out);
}

/**
 * Converts a value for the config decoder; on failure returns null and one error diagnostic whose
 * subject is `range`. `what` names the thing being converted ("attribute \"port\"").
 */
export function convertTo(
  value: HclValue,
  type: TypeConstraint,
  range: Range,
  what?: string,
): { value: HclValue; diagnostics: Diagnostic[] } {
  const c = convertValue(value, type);
  if (c.ok) return { value: c.value, diagnostics: [] };
  return {
    value: null,
    diagnostics: [
      {
        severity: 'error',
        summary: 'Incorrect value type',
        detail: `Inappropriate value${what ? ` for ${what}` : ''}: ${c.error}.`,
        subject: range,
      },
    ],
  };
}
