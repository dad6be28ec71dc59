import { NUMBER } from '../types.js';
import { argError, fn, param, type HclFunction } from './function.js';

const extremum = (pick: (a: number, b: number) => number): HclFunction =>
  fn([], (nums) => {
    if (nums.length === 0) argError(0, 'must pass at least one number');
    return (nums as number[]).reduce((a, b) => pick(a, b));
  }, param('numbers', NUMBER));

export const numberFunctions: Record<string, HclFunction> = {
  min: extremum(Math.min),
  max: extremum(Math.max),
  abs: fn([param('num', NUMBER)], ([n]) => Math.abs(n as number)),
  floor: fn([param('num', NUMBER)], ([n]) => Math.floor(n as number)),
  ceil: fn([param('num', NUMBER)], ([n]) => Math.ceil(n as number)),
};
