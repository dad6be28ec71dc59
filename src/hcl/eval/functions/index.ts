import type { HclFunction } from './function.js';
import { cidrFunctions } from './cidr.js';
import { collectionFunctions } from './collection.js';
import { conversionFunctions } from './conversion.js';
import { numberFunctions } from './number.js';
import { stringFunctions } from './string.js';

export type { FunctionParam, HclFunction } from './function.js';
export { argError, callError, fn, FunctionArgError, param } from './function.js';

/** The function library available to every configuration. */
export const defaultFunctions: Record<string, HclFunction> = Object.freeze({
  ...stringFunctions,
  ...collectionFunctions,
  ...conversionFunctions,
  ...numberFunctions,
  ...cidrFunctions,
});
