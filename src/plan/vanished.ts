import { splitDestinationId } from '../model/identity.js';
import { resourceKey, type ResourceKey } from '../model/resource.js';
import type { ManagedEntry, StateRecord } from '../model/state-record.js';
import { orphanAddress, orphanDestinationAddress } from './addresses.js';
import type { Plan, ResourceChange } from './types.js';

/**
 * What Terraform's refresh finds for an object in state whose real object is gone: it "has been
 * deleted", and `-refresh-only` drops it from state. Here: an object a host's state record lists that
 * the plan has no change for, so it is neither configured nor on the host (removed by hand), also on
 * a host that left the configuration. Returned as no-op changes carrying that drift, for the
 * refresh-only run only (a normal plan leaves them out). Sysctls always have a change (their restore),
 * and under -target the plan leaves changes out, so none is taken for gone there.
 */
export function vanishedObjects(plan: Plan, records: ReadonlyMap<string, StateRecord | null>): ResourceChange[] {
  if (plan.knownHosts?.targeted) return [];
  const planned = new Set<ResourceKey>(plan.changes.map((c) => resourceKey(c.host, c.type, c.id)));
  const roles = new Map(plan.hosts.map((h) => [h.name, h.role]));
  const out: ResourceChange[] = [];
  for (const [host, record] of records) {
    const role = roles.get(host);
    if (!record || !role) continue;
    const services = new Map(record.managed.filter((e) => e.type === 'ipvs_service').map((e) => [e.id, e]));
    for (const e of record.managed) {
      if (e.type === 'sysctl' || planned.has(resourceKey(host, e.type, e.id))) continue;
      out.push({
        address: e.address ?? addressOf(host, role, e, services),
        host,
        type: e.type,
        id: e.id,
        action: 'no-op',
        before: null,
        after: null,
        replacePaths: [],
        drift: true,
        recorded: e.attrs,
        phase: 0,
      });
    }
  }
  return out;
}

function addressOf(host: string, role: 'director' | 'realserver', e: ManagedEntry, services: ReadonlyMap<string, ManagedEntry>): string {
  if (e.type !== 'ipvs_destination') return orphanAddress(host, role, e.type, e.id, e.attrs);
  const { serviceId, addrPort } = splitDestinationId(e.id);
  return orphanDestinationAddress(services.get(serviceId)?.address ?? orphanAddress(host, role, 'ipvs_service', serviceId), addrPort);
}
