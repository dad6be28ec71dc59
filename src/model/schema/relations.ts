import { parseIpAddress } from '../ip-address.js';
import type { AddressAttrs } from './address.js';
import type { IpvsDestinationAttrs } from './ipvs-destination.js';
import type { IpvsServiceAttrs } from './ipvs-service.js';
import { canonicalSchedFlags } from './scheduler-flags.js';
import type { SysctlAttrs } from './sysctl.js';

/**
 * Rules between attributes of one resource that ipvsadm or the kernel enforce (or would silently
 * rewrite). Each returns the first broken rule, or null. Values are already valid one by one.
 */
export const RELATIONS = {
  ipvs_service: serviceRelations,
  ipvs_destination: destinationRelations,
  address: addressRelations,
  sysctl: (_: SysctlAttrs): string | null => null,
};

function serviceRelations(a: IpvsServiceAttrs): string | null {
  if (a.fwmark !== null) {
    if (a.protocol !== null || a.address !== null || a.port !== null) return 'a fwmark service has no protocol, address or port';
  } else {
    if (a.protocol === null || a.address === null || a.port === null) return 'a service needs protocol, address and port, or a fwmark';
    if (parseIpAddress(a.address)!.family !== a.family) return `address ${a.address} is not of family ${a.family}`;
    if (a.port === 0 && !a.persistent) return 'port 0 is only allowed on a persistent service';
  }
  if (a.persistent) {
    if (a.persistence_timeout === null) return 'a persistent service needs persistence_timeout';
    const mask = netmaskProblem(a.persistence_netmask, a.family);
    if (mask) return mask;
  } else if (a.persistence_timeout !== null || a.persistence_netmask !== null) {
    return 'persistence_timeout and persistence_netmask need persistent = true';
  }
  if (a.one_packet && a.fwmark === null && a.protocol !== 'udp') return 'one_packet is only for UDP and fwmark services';
  const flags = canonicalSchedFlags(a.scheduler, a.scheduler_flags);
  if (!flags || flags.join(',') !== a.scheduler_flags.join(',')) {
    return `scheduler_flags ${JSON.stringify(a.scheduler_flags)} are not the canonical flags of scheduler ${a.scheduler}${flags ? ` (${JSON.stringify(flags)})` : ''}`;
  }
  return null;
}

/** ipvsadm -S form: an IPv4 netmask as a contiguous dotted quad, an IPv6 one as a prefix length 1..128. */
function netmaskProblem(v: string | null, family: 'inet' | 'inet6'): string | null {
  if (v === null) return null;
  if (family === 'inet6') {
    const n = /^[1-9]\d{0,2}$/.test(v) ? Number(v) : 0;
    if (n === 128) return 'persistence_netmask is null for the full mask (128)';
    return n >= 1 && n <= 128 ? null : `persistence_netmask must be a prefix length 1..128, got ${JSON.stringify(v)}`;
  }
  const ip = parseIpAddress(v);
  if (!ip || ip.family !== 'inet' || ip.text !== v) return `persistence_netmask must be a dotted-quad netmask, got ${JSON.stringify(v)}`;
  if (v === '255.255.255.255') return 'persistence_netmask is null for the full mask (255.255.255.255)';
  const b = ip.bytes;
  const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const inverted = ~n >>> 0;
  return (inverted & (inverted + 1)) === 0 ? null : `persistence_netmask ${v} is not a contiguous netmask`;
}

function destinationRelations(a: IpvsDestinationAttrs): string | null {
  if (a.lower_threshold > a.upper_threshold) return `lower_threshold ${a.lower_threshold} is above upper_threshold ${a.upper_threshold}`;
  if (a.forwarding !== 'tunnel') {
    return a.tunnel_type !== null || a.tunnel_port !== null || a.tunnel_checksum !== null ? 'tunnel settings need forwarding = tunnel' : null;
  }
  switch (a.tunnel_type) {
    case null:
      return 'a tunnel destination needs tunnel_type';
    case 'ipip':
      return a.tunnel_port !== null || a.tunnel_checksum !== null ? 'an ipip tunnel takes no tunnel_port or tunnel_checksum' : null;
    case 'gue':
      if (a.tunnel_port === null) return 'a gue tunnel needs tunnel_port';
      return a.tunnel_checksum === null ? 'a gue tunnel needs tunnel_checksum' : null;
    case 'gre':
      if (a.tunnel_port !== null) return 'a gre tunnel takes no tunnel_port';
      if (a.tunnel_checksum === null) return 'a gre tunnel needs tunnel_checksum';
      return a.tunnel_checksum === 'remcsum' ? 'a gre tunnel allows tunnel_checksum nocsum or csum only' : null;
  }
}

function addressRelations(a: AddressAttrs): string | null {
  const family = parseIpAddress(a.address)!.family;
  if (family !== a.family) return `address ${a.address} is not of family ${a.family}`;
  return family === 'inet' && a.prefix_length > 32 ? `prefix_length must be in 0..32 for IPv4, got ${a.prefix_length}` : null;
}
