import type { HclValue } from '../../value.js';
import { convertValue } from '../convert.js';
import { ANY, BOOL, listOf, mapOf, NUMBER, setOf, STRING, type TypeConstraint } from '../types.js';
import { kindName } from '../values.js';
import { argError, fn, param, type HclFunction } from './function.js';

const KIND_NAMES: Record<string, string> = { tuple: 'tuple', object: 'object' };

/** tostring(), tonumber() and friends: cty conversions that keep null as null. */
function converter(type: TypeConstraint, target: string): HclFunction {
  return fn([param('v', ANY, true)], ([v]) => {
    const c = convertValue(v as HclValue, type);
    if (c.ok) return c.value;
    const from = kindName(v as HclValue);
    if (type.kind === 'string' || type.kind === 'bool' || type.kind === 'number') {
      if (typeof v === 'string') return argError(0, `cannot convert ${JSON.stringify(v)} to ${target}; ${c.error}`);
      return argError(0, `cannot convert ${KIND_NAMES[from] ?? from} to ${target}`);
    }
    return argError(0, `cannot convert ${KIND_NAMES[from] ?? from} to ${target}: ${c.error}`);
  });
}

export const conversionFunctions: Record<string, HclFunction> = {
  tostring: converter(STRING, 'string'),
  tonumber: converter(NUMBER, 'number'),
  tobool: converter(BOOL, 'bool'),
  tolist: converter(listOf(ANY), 'list of any single type'),
  toset: converter(setOf(ANY), 'set of any single type'),
  tomap: converter(mapOf(ANY), 'map of any single type'),
  // Values carry no marks here: the configuration decides sensitivity from the expression's text
  // (config/sensitivity.ts), where these two calls add and remove the mark.
  sensitive: fn([param('value', ANY, true)], ([v]) => v as HclValue),
  nonsensitive: fn([param('value', ANY, true)], ([v]) => v as HclValue),
};
