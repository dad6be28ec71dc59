import { identityOf } from '../src/model/identity.js';
import type { Attrs, ResourceType } from '../src/model/resource.js';
import { validateAttrs } from '../src/model/schema/index.js';
import { addressAddArgv } from './address/argv.js';
import { destinationAddLine, serviceAddLine } from './ipvs/build-lines.js';
import { serviceAttrsOfId } from './ipvs/service-of-id.js';
import type { Built } from './result.js';
import { sysctlWriteArgv } from './sysctl/write.js';

/** The builders an attribute check needs; the providers' own by default, the apply engine's port otherwise. */
export interface CreateBuilders {
  serviceAddLine(attrs: Attrs): Built<string>;
  destinationAddLine(svc: Attrs, dest: Attrs): Built<string>;
  addressAddArgv(attrs: Attrs): Built<string[]>;
  sysctlWriteArgv(name: string, value: string): Built<string[]>;
}

const PROVIDERS: CreateBuilders = { serviceAddLine, destinationAddLine, addressAddArgv, sysctlWriteArgv };

/**
 * Why attributes that did not come from a checked configuration (a plan file, a state record) could
 * not be those of the object `id` names, or null. The command that would create the object is built
 * with the same rules apply uses, and the attributes must give back `id`. A destination is built
 * against its service's attributes when `svcOf` knows them, else against the service its id names.
 */
export function attrsProblem(
  type: ResourceType,
  id: string,
  attrs: Attrs,
  svcOf: (serviceId: string) => Attrs | null = () => null,
  b: CreateBuilders = PROVIDERS,
): string | null {
  const invalid = validateAttrs(type, attrs);
  if (invalid) return invalid;
  const identity = identityOf(type, attrs);
  if (identity !== id) return `its attributes are those of ${JSON.stringify(identity)}, not of ${JSON.stringify(id)}`;
  let built: Built<string | string[]>;
  switch (type) {
    case 'sysctl':
      built = b.sysctlWriteArgv(String(attrs.name), attrs.value as string);
      break;
    case 'address':
      built = b.addressAddArgv(attrs);
      break;
    case 'ipvs_service':
      built = b.serviceAddLine(attrs);
      break;
    case 'ipvs_destination': {
      const svc = svcOf(String(attrs.service)) ?? serviceAttrsOfId(String(attrs.service));
      if (!svc) return `its service ${JSON.stringify(attrs.service)} is not a service id`;
      built = b.destinationAddLine(svc, attrs);
      break;
    }
  }
  if (!built.ok) return built.error;
  if (/[\n\r\0]/.test(String(built.value))) return 'a command built from it would contain a line break';
  return null;
}

/** Attribute values lvsplan stores: strings, numbers, booleans, null and lists of strings, nothing nested. */
export function isFlatAttrs(v: unknown): v is Attrs {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x) || (Array.isArray(x) && x.every((y) => typeof y === 'string')));
}
