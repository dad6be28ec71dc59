import type { ResourceChange } from './types.js';

/**
 * `-replace=ADDR` (Terraform's): the service or destination at exactly ADDR is deleted and created
 * again although nothing forces it. Replacing a service takes its destinations with it (the kernel
 * drops them with the service), so they are created again too. Returns the addresses that matched
 * no existing service or destination.
 */
export function requestReplacements(changes: ResourceChange[], addresses: readonly string[]): string[] {
  const wanted = new Set(addresses);
  const matched = new Set<string>();
  const replacedServices = new Set<string>();
  for (const c of changes) {
    if (!wanted.has(c.address) || (c.type !== 'ipvs_service' && c.type !== 'ipvs_destination')) continue;
    if (c.action !== 'no-op' && c.action !== 'update') continue;
    if (c.before === null || c.after === null) continue;
    c.action = 'replace';
    c.reason = 'replace_by_request';
    matched.add(c.address);
    if (c.type === 'ipvs_service') replacedServices.add(`${c.host}\u0000${c.id}`);
  }
  for (const c of changes) {
    if (c.type !== 'ipvs_destination' || c.after === null || c.action === 'delete' || c.action === 'create') continue;
    if (!replacedServices.has(`${c.host}\u0000${String(c.after.service)}`)) continue;
    // Gone with its service: created again, whatever was planned for it.
    c.action = 'create';
    c.before = null;
    c.reason = 'replace_by_request';
    c.adopted = false;
  }
  return addresses.filter((a) => !matched.has(a));
}
