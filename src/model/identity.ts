import { flat } from './flat-string.js';
import { formatAddrPort, type Family } from './ip-address.js';

/**
 * Canonical identities (ResourceInstance.id) for each resource type. Addresses must already be
 * canonical (see ip-address.ts).
 *
 *   ipvs_service      tcp:192.168.122.50:80 | udp:[2001:db8::1]:53 | sctp:10.0.0.1:3868 | fwmark:10 | fwmark6:10
 *   ipvs_destination  <service id>-><addr:port>        e.g. tcp:192.168.122.50:80->192.168.122.10:80
 *   address           <interface>/<address>            e.g. eth0/192.168.122.50 (prefix length is an attribute)
 *   sysctl            dotted name                      e.g. net.ipv4.conf.all.arp_ignore
 */
export type Protocol = 'tcp' | 'udp' | 'sctp';

export type ServiceKey =
  | { kind: 'addr'; protocol: Protocol; address: string; port: number }
  | { kind: 'fwmark'; family: Family; fwmark: number };

export function serviceId(key: ServiceKey): string {
  if (key.kind === 'fwmark') return `${key.family === 'inet6' ? 'fwmark6' : 'fwmark'}:${key.fwmark}`;
  return flat(`${key.protocol}:${formatAddrPort(key.address, key.port)}`);
}

export function destinationId(svcId: string, address: string, port: number): string {
  return destinationIdOf(svcId, formatAddrPort(address, port));
}

/** The same, of the destination's addr:port as formatAddrPort writes it (made once for the destinations of many services). */
export function destinationIdOf(svcId: string, addrPort: string): string {
  return flat(`${svcId}->${addrPort}`);
}

export function addressId(iface: string, address: string): string {
  return `${iface}/${address}`;
}

/** Splits a destination id back into its service id and addr:port part. */
export function splitDestinationId(id: string): { serviceId: string; addrPort: string } {
  const i = id.indexOf('->');
  return { serviceId: id.slice(0, i), addrPort: id.slice(i + 2) };
}

/** The id a resource of `type` with these attributes has, or null when the attributes lack what it is made of. */
export function identityOf(type: 'ipvs_service' | 'ipvs_destination' | 'address' | 'sysctl', a: Record<string, unknown>): string | null {
  switch (type) {
    case 'sysctl':
      return typeof a.name === 'string' ? a.name : null;
    case 'address':
      return typeof a.interface === 'string' && typeof a.address === 'string' ? addressId(a.interface, a.address) : null;
    case 'ipvs_service':
      if (typeof a.fwmark === 'number') return serviceId({ kind: 'fwmark', family: a.family === 'inet6' ? 'inet6' : 'inet', fwmark: a.fwmark });
      return typeof a.protocol === 'string' && typeof a.address === 'string' && typeof a.port === 'number'
        ? serviceId({ kind: 'addr', protocol: a.protocol as Protocol, address: a.address, port: a.port })
        : null;
    case 'ipvs_destination':
      return typeof a.service === 'string' && typeof a.address === 'string' && typeof a.port === 'number' ? destinationId(a.service, a.address, a.port) : null;
  }
}
