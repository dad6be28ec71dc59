import type { HclValue } from '../../value.js';
import type { CollectionKind } from '../collection-kind.js';
import type { TypeConstraint } from '../types.js';

export interface FunctionParam {
  name: string;
  /** Arguments are converted to this type before the call; `any` passes them through. */
  type: TypeConstraint;
  /** Unless set, a null argument is rejected before the call. */
  allowNull?: boolean;
}

/**
 * A function callable from HCL. `impl` receives converted arguments and either returns the
 * result or throws: FunctionArgError blames one argument, any other Error the whole call.
 */
export interface HclFunction {
  params: FunctionParam[];
  varParam?: FunctionParam;
  impl: (args: HclValue[]) => HclValue;
  /** The result is a list (set, map), not a tuple (object): Terraform's console shows it as tolist([...]). */
  returns?: CollectionKind;
}

export class FunctionArgError extends Error {
  constructor(
    readonly argIndex: number,
    message: string,
  ) {
    super(message);
    this.name = 'FunctionArgError';
  }
}

export function argError(argIndex: number, message: string): never {
  throw new FunctionArgError(argIndex, message);
}

export function callError(message: string): never {
  throw new Error(message);
}

export function fn(params: FunctionParam[], impl: HclFunction['impl'], varParam?: FunctionParam): HclFunction {
  return varParam ? { params, varParam, impl } : { params, impl };
}

export const param = (name: string, type: TypeConstraint, allowNull = false): FunctionParam =>
  allowNull ? { name, type, allowNull } : { name, type };

/** A function whose result is a list, as cty types it. */
export const returningList = (f: HclFunction): HclFunction => ({ ...f, returns: 'list' });
