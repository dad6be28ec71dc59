import { REPLACING_ATTRS, type ResourceType } from '../model/schema/index.js';

/**
 * The changed attributes that force replacement (the schema's `forcesReplacement`), in the order
 * they were given. Most of them are part of the identity (so two objects that differ in them have
 * different ids); a difference under one id still plans a replacement rather than an impossible edit.
 */
export function replacePaths(type: ResourceType, changed: readonly string[]): string[] {
  const rules = REPLACING_ATTRS[type];
  return changed.filter((name) => rules.includes(name));
}
