import { isCanonicalIPv4, parseIpAddress, type Family } from '../model/ip-address.js';
import { flat } from '../model/flat-string.js';
import { destinationId, serviceId } from '../model/identity.js';
import type { BackendDecl, ConfigDecl, DirectorDecl, Forwarding, RealServerDecl, VirtualServerDecl } from './decl.js';

/** A backend with its references looked up: target address, effective forwarding method and port. */
export interface ResolvedBackend {
  decl: BackendDecl;
  /** virtual_server.web.backend["lvs01"] (backendAddress) */
  address: string;
  ip: string | null;
  rs: RealServerDecl | null;
  forwarding: Forwarding;
  /** The destination port lvsplan will ask for (the service port for DR/TUN on non-fwmark services). */
  port: number;
  /** The destination's id (model/identity.ts), made once for the rules and the resource; null without an address or a service identity. */
  id: string | null;
}

export interface ResolvedService {
  decl: VirtualServerDecl;
  family: Family;
  /** null when the identity is incomplete (an earlier diagnostic says why) */
  id: string | null;
  directors: DirectorDecl[];
  /** The VIP of an address service, or the vips of a fwmark service. */
  vips: string[];
  backends: ResolvedBackend[];
}

export interface ResolvedConfig {
  decl: ConfigDecl;
  directors: Map<string, DirectorDecl>;
  realservers: Map<string, RealServerDecl>;
  services: ResolvedService[];
}

/** A backend's address in plans: its virtual_server's address and its name, e.g. virtual_server.web.backend["lvs01"]. */
function backendAddress(serviceAddress: string, name: string): string {
  return flat(`${serviceAddress}.backend[${JSON.stringify(name)}]`);
}

const familyOf = (ip: string): Family => (ip.includes(':') ? 'inet6' : 'inet');

/** Links names to declarations with one map lookup each (linear in the size of the config). */
export function resolveConfig(decl: ConfigDecl): ResolvedConfig {
  const directors = new Map<string, DirectorDecl>();
  for (const d of decl.directors) if (!directors.has(d.name)) directors.set(d.name, d);
  const realservers = new Map<string, RealServerDecl>();
  for (const r of decl.realservers) if (!realservers.has(r.name)) realservers.set(r.name, r);
  const services = decl.virtualServers.map((vs): ResolvedService => {
    const family: Family = vs.vip ? familyOf(vs.vip.v) : vs.family?.v ?? (vs.vips[0] ? familyOf(vs.vips[0].v) : 'inet');
    let id: string | null = null;
    if (vs.fwmark) id = serviceId({ kind: 'fwmark', family, fwmark: vs.fwmark.v });
    else if (vs.vip && vs.port && vs.protocol) id = serviceId({ kind: 'addr', protocol: vs.protocol.v, address: vs.vip.v, port: vs.port.v });
    const svcPort = vs.port?.v ?? 0;
    const backends = vs.backends.map((b): ResolvedBackend => {
      const rs = b.realserver ? realservers.get(b.realserver.v) ?? null : null;
      const ip = b.ip?.v ?? rs?.address?.v ?? null;
      const forwarding = b.forwarding?.v ?? vs.forwarding.v;
      const port = vs.fwmark ? b.port?.v ?? 0 : forwarding === 'nat' ? b.port?.v ?? svcPort : svcPort;
      return { decl: b, address: backendAddress(vs.address, b.name), ip, rs, forwarding, port, id: ip !== null && id !== null ? destinationId(id, ip, port) : null };
    });
    return {
      decl: vs,
      family,
      id,
      directors: vs.directors.map((d) => directors.get(d.v)).filter((d): d is DirectorDecl => d !== undefined),
      vips: vs.vip ? [vs.vip.v] : vs.vips.map((v) => v.v),
      backends,
    };
  });
  return { decl, directors, realservers, services };
}

export function ipFamily(ip: string): Family | null {
  if (isCanonicalIPv4(ip)) return 'inet';
  return parseIpAddress(ip)?.family ?? null;
}
