import type { Traverser } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import type { Range } from '../range.js';
import type { HclValue } from '../value.js';
import { isHclObject } from '../value.js';
import { FAILED, type Val } from './context.js';
import { hasKey, kindName, numberToString, stringToNumber } from './values.js';

/** Applies one attribute or index step; reports failures against the step's range. */
export function applyTraverser(value: HclValue, step: Traverser, diags: Diagnostic[]): Val {
  if (step.kind === 'Attr') return getAttr(value, step.name, step.range, diags);
  if (step.kind === 'Index') return getIndex(value, step.key, step.range, diags);
  return value;
}

export function getAttr(value: HclValue, name: string, range: Range, diags: Diagnostic[]): Val {
  if (value === null) {
    diags.push(errorDiag('Attempt to get attribute from null value', 'This value is null, so it does not have any attributes.', range));
    return FAILED;
  }
  if (isHclObject(value)) {
    if (hasKey(value, name)) return value[name]!;
    diags.push(errorDiag('Unsupported attribute', `This object does not have an attribute named ${JSON.stringify(name)}.`, range));
    return FAILED;
  }
  if (Array.isArray(value)) {
    if (/^\d+$/.test(name)) return getIndex(value, Number(name), range, diags);
    const detail = value.length > 0 && value.every(isHclObject)
      ? "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?"
      : 'This value does not have any attributes.';
    diags.push(errorDiag('Unsupported attribute', detail, range));
    return FAILED;
  }
  diags.push(errorDiag('Unsupported attribute', `Can't access attributes on a primitive-typed value (${kindName(value)}).`, range));
  return FAILED;
}

export function getIndex(value: HclValue, key: HclValue, range: Range, diags: Diagnostic[]): Val {
  const invalid = (detail: string): Val => {
    diags.push(errorDiag('Invalid index', detail, range));
    return FAILED;
  };
  const missing = 'The given key does not identify an element in this collection value.';
  if (value === null) {
    diags.push(errorDiag('Attempt to index null value', 'This value is null, so it does not have any indices.', range));
    return FAILED;
  }
  if (key === null) return invalid("Can't use a null value as an indexing key.");
  if (Array.isArray(value)) {
    const n = typeof key === 'number' ? key : typeof key === 'string' ? stringToNumber(key) : null;
    if (n === null) return invalid(`${missing.slice(0, -1)}: a number is required.`);
    if (!Number.isInteger(n)) return invalid(`${missing.slice(0, -1)}: a whole number is required.`);
    if (n < 0) return invalid(`${missing.slice(0, -1)}: a negative number is not a valid index for a sequence.`);
    if (n >= value.length) return invalid(missing);
    return value[n]!;
  }
  if (isHclObject(value)) {
    const k = typeof key === 'string' ? key : typeof key === 'number' ? numberToString(key) : typeof key === 'boolean' ? String(key) : null;
    if (k === null) return invalid(`${missing.slice(0, -1)}: string required.`);
    if (!hasKey(value, k)) return invalid(missing);
    return value[k]!;
  }
  return invalid('This value does not have any indices.');
}
