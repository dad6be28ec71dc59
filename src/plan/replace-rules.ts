import type { ResourceType } from '../model/resource.js';

/**
 * Attributes that cannot change in place, per resource type. Most of them are part of the identity
 * (so two objects that differ in them have different ids and become delete + create); they are listed
 * so that a difference under one id still plans a replacement rather than an impossible edit.
 *
 *   ipvs_service      family, protocol, address, port, fwmark   (ipvsadm -E cannot change them)
 *   ipvs_destination  service, address, port                   (ipvsadm -e cannot change them)
 *   address           interface, address, family, prefix_length (ip addr: del + add)
 *   sysctl            name                                       (a sysctl is never replaced)
 */
export const REPLACE_RULES: Readonly<Record<ResourceType, readonly string[]>> = {
  ipvs_service: ['family', 'protocol', 'address', 'port', 'fwmark'],
  ipvs_destination: ['service', 'address', 'port'],
  address: ['interface', 'address', 'family', 'prefix_length'],
  sysctl: ['name'],
};

/** The changed attributes that force replacement, in the order they were given. */
export function replacePaths(type: ResourceType, changed: readonly string[]): string[] {
  const rules = REPLACE_RULES[type];
  return changed.filter((name) => rules.includes(name));
}
