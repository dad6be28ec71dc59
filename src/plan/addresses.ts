import type { HostRole } from '../model/hosts.js';
import type { ResourceType } from '../model/resource.js';

/**
 * Addresses for objects that have no config block (recorded or observed only). A destination of a
 * service whose address is known hangs below it, so `-target=virtual_server.web` still selects it.
 */
export function orphanAddress(host: string, role: HostRole, type: ResourceType, id: string): string {
  return `${role}.${host}.${type}[${JSON.stringify(id)}]`;
}

export function orphanDestinationAddress(serviceAddress: string, addrPort: string): string {
  return `${serviceAddress}.destination[${JSON.stringify(addrPort)}]`;
}
