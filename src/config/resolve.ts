import { isCanonicalIPv4, parseIpAddress, type Family } from '../model/ip-address.js';
import { destinationId, serviceId } from '../model/identity.js';
import type { BackendDecl, ConfigDecl, DirectorDecl, Forwarding, RealServerDecl, VirtualServerDecl } from './decl.js';

/** A backend with its references looked up: target address, effective forwarding method and port. */
export interface ResolvedBackend {
  decl: BackendDecl;
  /** virtual_server.web.backend["lvs01"] (addressTails) */
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

/**
 * What a backend's address in plans adds to its virtual_server's, e.g. virtual_server.web + .backend["lvs01"]: made
 * once per list of backends, which the instances of a repeated virtual_server share (decode-virtual-server.ts).
 * The address is then the two joined and left so, one string of two parts that both live on anyway (about 20 bytes;
 * flat, 60 and more, and made for every destination): what reads it, a plan's change or -json, flattens it then.
 */
const addressTails = (backends: readonly BackendDecl[]): string[] => backends.map((b) => `.backend[${JSON.stringify(b.name)}]`);

const familyOf = (ip: string): Family => (ip.includes(':') ? 'inet6' : 'inet');

/** Links names to declarations with one map lookup each (linear in the size of the config). */
export function resolveConfig(decl: ConfigDecl): ResolvedConfig {
  const directors = new Map<string, DirectorDecl>();
  for (const d of decl.directors) if (!directors.has(d.name)) directors.set(d.name, d);
  const realservers = new Map<string, RealServerDecl>();
  for (const r of decl.realservers) if (!realservers.has(r.name)) realservers.set(r.name, r);
  const tailsByList = new Map<readonly BackendDecl[], string[]>();
  const services = decl.virtualServers.map((vs): ResolvedService => {
    const family: Family = vs.vip ? familyOf(vs.vip.v) : vs.family?.v ?? (vs.vips[0] ? familyOf(vs.vips[0].v) : 'inet');
    let id: string | null = null;
    if (vs.fwmark) id = serviceId({ kind: 'fwmark', family, fwmark: vs.fwmark.v });
    else if (vs.vip && vs.port && vs.protocol) id = serviceId({ kind: 'addr', protocol: vs.protocol.v, address: vs.vip.v, port: vs.port.v });
    const svcPort = vs.port?.v ?? 0;
    let tails = tailsByList.get(vs.backends);
    if (tails === undefined) tailsByList.set(vs.backends, (tails = addressTails(vs.backends)));
    const backends = vs.backends.map((b, i): ResolvedBackend => {
      const rs = b.realserver ? realservers.get(b.realserver.v) ?? null : null;
      const ip = b.ip?.v ?? rs?.address?.v ?? null;
      const forwarding = b.forwarding?.v ?? vs.forwarding.v;
      const port = vs.fwmark ? b.port?.v ?? 0 : forwarding === 'nat' ? b.port?.v ?? svcPort : svcPort;
      return { decl: b, address: vs.address + tails[i]!, ip, rs, forwarding, port, id: ip !== null && id !== null ? destinationId(id, ip, port) : null };
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
