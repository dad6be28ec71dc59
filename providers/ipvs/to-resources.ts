import { destinationId, serviceId } from '../../src/model/identity.js';
import type { ResourceInstance } from '../../src/model/resource.js';
import type { IpvsService, Thresholds } from './types.js';

export function ipvsServiceId(s: Pick<IpvsService, 'family' | 'protocol' | 'address' | 'port' | 'fwmark'>): string {
  if (s.fwmark !== null) return serviceId({ kind: 'fwmark', family: s.family, fwmark: s.fwmark });
  return serviceId({ kind: 'addr', protocol: s.protocol!, address: s.address!, port: s.port! });
}

/**
 * ipvs_service and ipvs_destination resources for one director. Thresholds missing from the map
 * (0 and 0, or a destination added between the two reads) are the line's -x/-y, or 0/0.
 */
export function ipvsToResources(
  host: string,
  services: readonly IpvsService[],
  thresholds: ReadonlyMap<string, Thresholds>,
): ResourceInstance[] {
  const out: ResourceInstance[] = [];
  for (const s of services) {
    const svcId = ipvsServiceId(s);
    out.push({
      host,
      type: 'ipvs_service',
      id: svcId,
      attrs: {
        family: s.family,
        protocol: s.protocol,
        address: s.address,
        port: s.port,
        fwmark: s.fwmark,
        scheduler: s.scheduler,
        persistent: s.persistent,
        persistence_timeout: s.persistent ? s.timeout : null,
        persistence_netmask: s.persistent ? s.netmask : null,
        persistence_engine: s.pe,
        one_packet: s.onePacket,
        scheduler_flags: [...s.schedFlags],
      },
    });
    for (const d of s.destinations) {
      const id = destinationId(svcId, d.address, d.port);
      const t = thresholds.size > 0 ? thresholds.get(id) : undefined;
      out.push({
        host,
        type: 'ipvs_destination',
        id,
        attrs: {
          service: svcId,
          address: d.address,
          port: d.port,
          forwarding: d.forwarding,
          weight: d.weight,
          upper_threshold: t?.upper ?? d.upper ?? 0,
          lower_threshold: t?.lower ?? d.lower ?? 0,
          tunnel_type: d.forwarding === 'tunnel' ? d.tunnelType : null,
          tunnel_port: d.forwarding === 'tunnel' ? d.tunnelPort : null,
          tunnel_checksum: d.forwarding === 'tunnel' ? d.tunnelChecksum : null,
        },
      });
    }
  }
  return out;
}
