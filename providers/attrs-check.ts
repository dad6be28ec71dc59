import { identityOf } from '../src/model/identity.js';
import type { Attrs, ResourceType } from '../src/model/resource.js';
import { validateAttrs, type AddressAttrs, type IpvsDestinationAttrs } from '../src/model/schema/index.js';
import { checkedAddressAddArgv } from './address/argv.js';
import { checkService, checkedDestinationAddLine, checkedServiceAddLine, type CheckedService } from './ipvs/build-lines.js';
import { serviceAttrsOfId } from './ipvs/service-of-id.js';
import { ok, refuse, type Built } from './result.js';
import { sysctlWriteArgv } from './sysctl/write.js';

/** Why the attributes (of an object of `type` whose id is `id`) could not be that object's, or null. */
export type AttrsCheck = (type: ResourceType, id: string, attrs: Attrs) => string | null;

/**
 * The check of attributes that did not come from a checked configuration (a plan file, a state record):
 * each set is checked against its schema once (validateAttrs), must give back `id`, and the command that
 * would create the object is built from the checked attributes with the rules apply uses. A destination is
 * built against its service's attributes when `svcOf` knows them, else against the service its id names;
 * a service is checked once however many destinations are built against it (a state record's service
 * entry and its destinations share one check when `svcOf` gives that entry's attributes object).
 */
export function attrsChecker(svcOf: (serviceId: string) => Attrs | null = () => null): AttrsCheck {
  const services = new Map<Attrs | string, CheckedService | string>();
  const checkedService = (key: Attrs | string, attrs: Attrs | null): CheckedService | string => {
    let s = services.get(key);
    if (s === undefined) {
      s = attrs ? checkService(attrs) : `its service ${JSON.stringify(key)} is not a service id`;
      services.set(key, s);
    }
    return s;
  };
  const serviceOf = (id: string): CheckedService | string => {
    const attrs = svcOf(id);
    return attrs ? checkedService(attrs, attrs) : (services.get(id) ?? checkedService(id, serviceAttrsOfId(id)));
  };
  const createCommand = (type: ResourceType, attrs: Attrs): Built<string | string[]> => {
    switch (type) {
      case 'sysctl':
        return sysctlWriteArgv(String(attrs.name), attrs.value as string);
      case 'address':
        return ok(checkedAddressAddArgv(attrs as AddressAttrs));
      case 'ipvs_service': {
        const s = checkedService(attrs, attrs);
        return typeof s === 'string' ? refuse(s) : ok(checkedServiceAddLine(s));
      }
      case 'ipvs_destination': {
        const d = attrs as IpvsDestinationAttrs;
        const svc = serviceOf(d.service);
        return typeof svc === 'string' ? refuse(svc) : checkedDestinationAddLine(svc, d);
      }
    }
  };
  return function attrsProblem(type, id, attrs) {
    const invalid = type === 'ipvs_service' ? problemOf(checkedService(attrs, attrs)) : validateAttrs(type, attrs);
    if (invalid) return invalid;
    const identity = identityOf(type, attrs);
    if (identity !== id) return `its attributes are those of ${JSON.stringify(identity)}, not of ${JSON.stringify(id)}`;
    const built = createCommand(type, attrs);
    if (!built.ok) return built.error;
    if (/[\n\r\0]/.test(String(built.value))) return 'a command built from it would contain a line break';
    return null;
  };
}

const problemOf = (s: CheckedService | string): string | null => (typeof s === 'string' ? s : null);

/** Attribute values lvsplan stores: strings, numbers, booleans, null and lists of strings, nothing nested. */
export function isFlatAttrs(v: unknown): v is Attrs {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x) || (Array.isArray(x) && x.every((y) => typeof y === 'string')));
}
