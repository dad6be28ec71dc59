import type { DesiredResource } from '../model/resource.js';
import { destinationId } from '../model/identity.js';
import { formatIPv4 } from '../model/ip-address.js';
import type { ResolvedBackend, ResolvedService } from './resolve.js';
import { canonicalFlags } from './schedulers.js';

/** The ipvs_service and ipvs_destination resources of one service on one director. */
export function deriveIpvs(s: ResolvedService, host: string, out: DesiredResource[]): void {
  const vs = s.decl;
  const id = s.id!;
  const p = vs.persistence;
  out.push({
    host,
    type: 'ipvs_service',
    id,
    address: vs.address,
    declRange: vs.range,
    attrs: {
      family: s.family,
      protocol: vs.fwmark ? null : vs.protocol!.v,
      address: vs.fwmark ? null : vs.vip!.v,
      port: vs.fwmark ? null : vs.port!.v,
      fwmark: vs.fwmark ? vs.fwmark.v : null,
      scheduler: vs.scheduler.v,
      persistent: p !== null,
      persistence_timeout: p ? p.timeout.v : null,
      persistence_netmask: p ? netmaskAttr(p.netmask?.v ?? null, s.family) : null,
      persistence_engine: p?.engine?.v ?? null,
      one_packet: vs.onePacket?.v ?? false,
      scheduler_flags: canonicalFlags(vs.schedulerFlags.map((f) => f.v), vs.scheduler.v),
    },
  });
  for (const b of s.backends) if (b.ip) out.push(destination(b, id, host));
}

function destination(b: ResolvedBackend, svcId: string, host: string): DesiredResource {
  const tunnel = b.forwarding === 'tunnel';
  const t = b.decl.tunnel;
  const type = tunnel ? t?.type?.v ?? 'ipip' : null;
  return {
    host,
    type: 'ipvs_destination',
    id: destinationId(svcId, b.ip!, b.port),
    address: b.decl.address,
    declRange: b.decl.range,
    attrs: {
      service: svcId,
      address: b.ip!,
      port: b.port,
      forwarding: b.forwarding,
      weight: b.decl.weight?.v ?? 1,
      upper_threshold: b.decl.upper?.v ?? 0,
      lower_threshold: b.decl.lower?.v ?? 0,
      tunnel_type: type,
      tunnel_port: tunnel ? t?.port?.v ?? null : null,
      tunnel_checksum: type === null || type === 'ipip' ? null : t?.checksum?.v ?? 'nocsum',
    },
  };
}

/** ipvsadm -S form: dotted quad (IPv4) or prefix length text (IPv6); null for the default full mask. */
export function netmaskAttr(v: string | number | null, family: 'inet' | 'inet6'): string | null {
  if (v === null) return null;
  if (family === 'inet6') return v === 128 ? null : String(v);
  let text: string;
  if (typeof v === 'number') {
    const bits = v === 0 ? 0 : (0xffffffff << (32 - v)) >>> 0;
    text = formatIPv4(new Uint8Array([bits >>> 24, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255]));
  } else text = v;
  return text === '255.255.255.255' ? null : text;
}
