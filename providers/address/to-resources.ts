import { addressId } from '../../src/model/identity.js';
import type { ResourceInstance } from '../../src/model/resource.js';
import type { ObservedAddress } from './parse-ip-addr.js';

/** address resources; with managedInterfaces, only addresses on those interfaces. */
export function addressToResources(
  host: string,
  observed: readonly ObservedAddress[],
  managedInterfaces?: readonly string[],
): ResourceInstance[] {
  const keep = managedInterfaces ? new Set(managedInterfaces) : null;
  const out: ResourceInstance[] = [];
  const seen = new Set<string>();
  for (const a of observed) {
    if (keep && !keep.has(a.interface)) continue;
    const id = addressId(a.interface, a.address);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      host,
      type: 'address',
      id,
      attrs: { interface: a.interface, address: a.address, prefix_length: a.prefix_length, family: a.family },
    });
  }
  return out;
}
