import type { HostRole } from '../model/hosts.js';
import type { Attrs, ResourceType } from '../model/resource.js';

/**
 * Addresses for objects that have no config block (recorded or observed only). A destination of a
 * service whose address is known hangs below it, so `-target=virtual_server.web` still selects it.
 */
export function orphanAddress(host: string, role: HostRole, type: ResourceType, id: string, attrs: Attrs | null = null): string {
  return `${role}.${host}.${type}[${JSON.stringify(role === 'director' && type === 'address' ? directorVipKey(id, attrs) : id)}]`;
}

/** A director's VIP is named by address and prefix length, as the configuration names it (`192.168.122.50/32`). */
function directorVipKey(id: string, attrs: Attrs | null): string {
  return attrs && typeof attrs.address === 'string' && typeof attrs.prefix_length === 'number' ? `${attrs.address}/${attrs.prefix_length}` : id;
}

export function orphanDestinationAddress(serviceAddress: string, addrPort: string): string {
  return `${serviceAddress}.destination[${JSON.stringify(addrPort)}]`;
}
