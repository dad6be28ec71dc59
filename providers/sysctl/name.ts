import { nameError } from '../../src/model/names/name-rule.js';
import { SYSCTL_NAME } from '../../src/model/names/sysctl-name.js';

export { sysctlPath } from '../../src/model/names/sysctl-name.js';

/** Why `name` cannot be written or read as a sysctl, or null (the one sysctl name rule). */
export function sysctlNameError(name: unknown): string | null {
  return nameError(SYSCTL_NAME, name);
}
