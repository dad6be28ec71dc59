import type { Diagnostic } from '../hcl/diagnostic.js';
import type { DesiredOf, DesiredResource } from '../model/resource.js';
import { DesiredDestination, type DestinationShared } from '../model/desired-destination.js';
import { formatAddrPort, formatIPv4 } from '../model/ip-address.js';
import { canonicalSchedFlags } from '../model/schema/scheduler-flags.js';
import { IPVS_DESTINATION } from '../model/schema/index.js';
import type { ResolvedBackend, ResolvedService } from './resolve.js';
import { refuseSensitiveHost, sensitiveAttrs, withSensitive } from './sensitive-attrs.js';

const DEST = IPVS_DESTINATION;

/**
 * The ipvs_service and ipvs_destination resources of each service on each of its directors. A sensitive value
 * that would become part of a resource's identity is a diagnostic (see sensitive-attrs.ts).
 */
export function deriveIpvs(services: readonly ResolvedService[], out: DesiredResource[], diags: Diagnostic[]): void {
  // By backend (shared by alike services, see ResolvedService.backends): what its destinations share.
  const shared = new Map<ResolvedBackend, DestinationShared>();
  for (const s of services) {
    for (const d of s.directors) {
      out.push(serviceResource(s, d.name, diags));
      for (const dd of s.decl.directors) refuseSensitiveHost(dd, 'director', diags);
      for (let i = 0; i < s.backends.length; i++) {
        const b = s.backends[i]!;
        refuseSensitiveHost(b.decl.realserver, 'realserver', diags);
        if (!b.ip) continue;
        let bd = shared.get(b);
        if (bd === undefined) shared.set(b, (bd = backendDestination(b, diags)));
        out.push(destinationResource(bd, s, d.name));
      }
    }
  }
}

function serviceResource(s: ResolvedService, host: string, diags: Diagnostic[]): DesiredOf<'ipvs_service'> {
  const vs = s.decl;
  const p = vs.persistence;
  const fw = vs.fwmark !== null;
  const service: DesiredOf<'ipvs_service'> = {
    host,
    type: 'ipvs_service',
    id: s.id!,
    address: vs.address,
    declRange: vs.range,
    attrs: {
      family: s.family,
      protocol: fw ? null : vs.protocol!.v,
      address: fw ? null : vs.vip!.v,
      port: fw ? null : vs.port!.v,
      fwmark: fw ? vs.fwmark!.v : null,
      scheduler: vs.scheduler.v,
      persistent: p !== null,
      persistence_timeout: p ? p.timeout.v : null,
      persistence_netmask: p ? netmaskAttr(p.netmask?.v ?? null, s.family) : null,
      persistence_engine: p?.engine?.v ?? null,
      one_packet: vs.onePacket?.v ?? false,
      scheduler_flags: canonicalSchedFlags(vs.scheduler.v, vs.schedulerFlags.map((f) => f.v)) ?? [],
    },
  };
  const sensitive = sensitiveAttrs('ipvs_service', {
    family: vs.family, protocol: vs.protocol, address: vs.vip, port: vs.port, fwmark: vs.fwmark, scheduler: vs.scheduler,
    persistence_timeout: p?.timeout, persistence_netmask: p?.netmask, persistence_engine: p?.engine,
    one_packet: vs.onePacket, scheduler_flags: vs.schedulerFlags,
  }, diags);
  return withSensitive(service, sensitive);
}

/**
 * What the destinations of backend `b` share, with the attributes whose value is sensitive; the backend's identity is
 * checked here, the service's own with the service (`service` has no source of its own here).
 */
export function backendDestination(b: ResolvedBackend, diags: Diagnostic[]): DestinationShared {
  const t = b.forwarding === 'tunnel' ? b.decl.tunnel : undefined;
  const sensitive = sensitiveAttrs('ipvs_destination', {
    address: b.decl.ip ?? b.rs?.address, port: b.decl.port, forwarding: b.decl.forwarding, weight: b.decl.weight, upper_threshold: b.decl.upper, lower_threshold: b.decl.lower,
    tunnel_type: t?.type, tunnel_port: t?.port, tunnel_checksum: t?.checksum,
  }, diags);
  const type = t === undefined ? null : t?.type?.v ?? DEST.tunnel_type.default;
  return {
    target: formatAddrPort(b.ip!, b.port),
    attrs: {
      address: b.ip!,
      port: b.port,
      forwarding: b.forwarding,
      weight: b.decl.weight?.v ?? DEST.weight.default,
      upper_threshold: b.decl.upper?.v ?? DEST.upper_threshold.default,
      lower_threshold: b.decl.lower?.v ?? DEST.lower_threshold.default,
      tunnel_type: type,
      tunnel_port: type === null ? null : t?.port?.v ?? DEST.tunnel_port.default,
      tunnel_checksum: type === null || type === 'ipip' ? null : t?.checksum?.v ?? DEST.tunnel_checksum.default,
    },
    tail: b.tail,
    declRange: b.decl.range,
    realserver: b.rs?.manage && !b.decl.ip ? b.rs.name : undefined,
    sensitive,
  };
}

/** The destination of a backend of service `s` on `host`. */
export function destinationResource(bd: DestinationShared, s: ResolvedService, host: string): DesiredDestination {
  return new DesiredDestination(host, s.id!, s.decl.address, bd);
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
