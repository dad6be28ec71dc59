import { nameError } from '../../src/model/names/name-rule.js';
import { INTERFACE_NAME } from '../../src/model/names/interface-name.js';

/** Why `name` cannot be an `ip ... dev NAME` argument, or null (the one interface name rule). */
export function interfaceNameError(name: unknown): string | null {
  return nameError(INTERFACE_NAME, name);
}
