export { evaluate, quickValue } from './evaluate.js';
export type { EvalContext, EvalResult } from './context.js';
export { convertTo, convertValue, type Conversion } from './convert.js';
export { parseTypeExpression, type TypeExpressionResult } from './type-expression.js';
export * from './types.js';
export { defaultFunctions, fn, param, argError, callError, FunctionArgError } from './functions/index.js';
export type { FunctionParam, HclFunction } from './functions/index.js';
