import { ADDRESS, type AddressAttrs } from './address.js';
import type { AttrSpec, Schema } from './attribute.js';
import { IPVS_DESTINATION, type IpvsDestinationAttrs } from './ipvs-destination.js';
import { IPVS_SERVICE, type IpvsServiceAttrs } from './ipvs-service.js';
import { SYSCTL, type SysctlAttrs } from './sysctl.js';

/**
 * One declaration per resource type. Everything about an attribute (type, range, default, whether a
 * change forces replacement, how the host shows it) is read from here.
 */
export const SCHEMAS = {
  ipvs_service: IPVS_SERVICE,
  ipvs_destination: IPVS_DESTINATION,
  address: ADDRESS,
  sysctl: SYSCTL,
} as const satisfies Record<string, Schema>;

export type ResourceType = keyof typeof SCHEMAS;

export interface AttrsByType {
  ipvs_service: IpvsServiceAttrs;
  ipvs_destination: IpvsDestinationAttrs;
  address: AddressAttrs;
  sysctl: SysctlAttrs;
}
export type AttrsOf<T extends ResourceType> = AttrsByType[T];

export const RESOURCE_TYPES = Object.keys(SCHEMAS) as ResourceType[];

/** Each type's attribute names in declaration order. */
export const ATTR_NAMES: Readonly<Record<ResourceType, readonly string[]>> = {
  ipvs_service: Object.keys(IPVS_SERVICE),
  ipvs_destination: Object.keys(IPVS_DESTINATION),
  address: Object.keys(ADDRESS),
  sysctl: Object.keys(SYSCTL),
};

/** The attribute's declaration, or undefined when the type has no such attribute. */
export function attrSpec(type: ResourceType, name: string): AttrSpec | undefined {
  const schema: Schema = SCHEMAS[type];
  return Object.prototype.hasOwnProperty.call(schema, name) ? schema[name] : undefined;
}

/** Attribute names whose change cannot be made in place, per type, in declaration order. */
export const REPLACING_ATTRS: Readonly<Record<ResourceType, readonly string[]>> = {
  ipvs_service: replacing(IPVS_SERVICE),
  ipvs_destination: replacing(IPVS_DESTINATION),
  address: replacing(ADDRESS),
  sysctl: replacing(SYSCTL),
};

function replacing(schema: Schema): string[] {
  return Object.keys(schema).filter((k) => schema[k]!.forcesReplacement === true);
}

/**
 * The attributes as the schema declares them: exactly its attribute names, in its order (one the
 * object lacks is null; one the schema does not declare is left out). The plan outputs show this.
 * Attributes already in that form (as every builder makes them) are returned as they are, not copied.
 */
export function inSchemaOrder<V>(type: ResourceType, attrs: Readonly<Record<string, V>>): Readonly<Record<string, V | null>> {
  const names = ATTR_NAMES[type];
  if (hasExactly(attrs, names)) return attrs;
  const out: Record<string, V | null> = {};
  for (const name of names) out[name] = Object.prototype.hasOwnProperty.call(attrs, name) ? attrs[name]! : null;
  return out;
}

function hasExactly(attrs: object, names: readonly string[]): boolean {
  let i = 0;
  for (const key in attrs) if (key !== names[i++]) return false;
  return i === names.length;
}

/** Whether the attribute is part of the resource's id (never a sensitive value). */
export function isIdentityAttr(type: ResourceType, name: string): boolean {
  return attrSpec(type, name)?.identity === true;
}

export type { AttrSpec, Schema } from './attribute.js';
export { IPVS_SERVICE, SCHEDULERS, PERSISTENCE_ENGINES, DEFAULT_PERSISTENCE_TIMEOUT, type IpvsServiceAttrs } from './ipvs-service.js';
export { IPVS_DESTINATION, type IpvsDestinationAttrs, type Forwarding, type TunnelType, type TunnelChecksum } from './ipvs-destination.js';
export { ADDRESS, type AddressAttrs } from './address.js';
export { SYSCTL, type SysctlAttrs } from './sysctl.js';
export { validateAttrs, checkValue, rangeText } from './validate-attrs.js';
