import { ok, refuse, type Built } from '../result.js';
import { sysctlNameError } from './name.js';
import { normaliseSysctlValue, sysctlValueError } from './value.js';

/** ['sysctl','-q','-w','name=value'] with the value normalised; refused for invalid names or values. */
export function sysctlWriteArgv(name: string, value: string): Built<string[]> {
  const nameError = sysctlNameError(name);
  if (nameError) return refuse(nameError);
  const valueError = sysctlValueError(value);
  if (valueError) return refuse(valueError);
  const v = normaliseSysctlValue(value);
  if (v === '') return refuse('a sysctl value must not be blank');
  return ok(['sysctl', '-q', '-w', `${name}=${v}`]);
}
