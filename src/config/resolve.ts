import { isCanonicalIPv4, parseIpAddress, type Family } from '../model/ip-address.js';
import { destinationId, serviceId } from '../model/identity.js';
import type { Located } from './located.js';
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
  /** Shared by the services whose director names are one list (do not change it). */
  directors: readonly DirectorDecl[];
  backends: ResolvedBackend[];
  /**
   * The backends of the first service (this one or an earlier one) with the same backend declarations (one list, as
   * the instances of a repeated virtual_server share it) and the same backendFacts: this service's backends are
   * those but for their address and id, and so is what a rule checks of a backend (rules/rule.ts).
   */
  backendsAlike: readonly ResolvedBackend[];
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

/**
 * What a service's backends are resolved and checked with besides their own declarations: its family, forwarding
 * method, fwmark and port (a backend's forwarding and port default to the service's; rules compare them).
 */
const backendFacts = (vs: VirtualServerDecl, family: Family): string => `${family} ${vs.forwarding.v} ${vs.fwmark?.v ?? '-'} ${vs.port?.v ?? '-'}`;

/** Links names to declarations with one map lookup each (linear in the size of the config). */
export function resolveConfig(decl: ConfigDecl): ResolvedConfig {
  const directors = new Map<string, DirectorDecl>();
  for (const d of decl.directors) if (!directors.has(d.name)) directors.set(d.name, d);
  const realservers = new Map<string, RealServerDecl>();
  for (const r of decl.realservers) if (!realservers.has(r.name)) realservers.set(r.name, r);
  // By list of names (the instances of a repeated virtual_server share one): the directors declared.
  const directorsOf = new Map<readonly Located<string>[], DirectorDecl[]>();
  const declared = (names: readonly Located<string>[]): DirectorDecl[] => {
    let found = directorsOf.get(names);
    if (found === undefined) directorsOf.set(names, (found = names.map((d) => directors.get(d.v)).filter((d): d is DirectorDecl => d !== undefined)));
    return found;
  };
  // By list of backend declarations: their address tails, and by backendFacts the backends of the first service.
  const lists = new Map<readonly BackendDecl[], { tails: string[]; alike: Map<string, ResolvedBackend[]> }>();
  const services = decl.virtualServers.map((vs): ResolvedService => {
    const family: Family = vs.vip ? familyOf(vs.vip.v) : vs.family?.v ?? (vs.vips[0] ? familyOf(vs.vips[0].v) : 'inet');
    let id: string | null = null;
    if (vs.fwmark) id = serviceId({ kind: 'fwmark', family, fwmark: vs.fwmark.v });
    else if (vs.vip && vs.port && vs.protocol) id = serviceId({ kind: 'addr', protocol: vs.protocol.v, address: vs.vip.v, port: vs.port.v });
    let list = lists.get(vs.backends);
    if (list === undefined) lists.set(vs.backends, (list = { tails: addressTails(vs.backends), alike: new Map() }));
    const { tails, alike } = list;
    const facts = backendFacts(vs, family);
    const like = alike.get(facts);
    const backends = like
      ? like.map((b, i) => backendOf(b.decl, vs.address + tails[i]!, b.ip, b.rs, b.forwarding, b.port, id))
      : resolveBackends(vs, realservers, tails, id);
    if (!like) alike.set(facts, backends);
    return {
      decl: vs,
      family,
      id,
      directors: declared(vs.directors),
      backends,
      backendsAlike: like ?? backends,
    };
  });
  return { decl, directors, realservers, services };
}

/** A service's backends, resolved from their declarations. */
function resolveBackends(vs: VirtualServerDecl, realservers: ReadonlyMap<string, RealServerDecl>, tails: readonly string[], svcId: string | null): ResolvedBackend[] {
  const svcPort = vs.port?.v ?? 0;
  return vs.backends.map((b, i) => {
    const rs = b.realserver ? realservers.get(b.realserver.v) ?? null : null;
    const forwarding = b.forwarding?.v ?? vs.forwarding.v;
    const port = vs.fwmark ? b.port?.v ?? 0 : forwarding === 'nat' ? b.port?.v ?? svcPort : svcPort;
    return backendOf(b, vs.address + tails[i]!, b.ip?.v ?? rs?.address?.v ?? null, rs, forwarding, port, svcId);
  });
}

/** One service's backend; its id is made from its service's (svcId, null while that is incomplete). */
const backendOf = (decl: BackendDecl, address: string, ip: string | null, rs: RealServerDecl | null, forwarding: Forwarding, port: number, svcId: string | null): ResolvedBackend => ({
  decl,
  address,
  ip,
  rs,
  forwarding,
  port,
  id: ip !== null && svcId !== null ? destinationId(svcId, ip, port) : null,
});

export function ipFamily(ip: string): Family | null {
  if (isCanonicalIPv4(ip)) return 'inet';
  return parseIpAddress(ip)?.family ?? null;
}
