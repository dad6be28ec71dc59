import { isCanonicalIPv4, parseIpAddress, type Family } from '../model/ip-address.js';
import { destinationId, serviceId } from '../model/identity.js';
import type { Located } from './located.js';
import type { BackendDecl, ConfigDecl, DirectorDecl, Forwarding, RealServerDecl, VirtualServerDecl } from './decl.js';

/**
 * A backend with its references looked up: target address, effective forwarding method and port. It holds nothing of
 * its virtual_server instance, so the instances of a repeated virtual_server whose backend declarations and
 * backendFacts agree share one list of them (resolved once): what is the instance's, the address and the id, is
 * backendAddress's and backendId's.
 */
export interface ResolvedBackend {
  decl: BackendDecl;
  /** What its address adds to its virtual_server's: .backend["lvs01"] (see backendAddress). */
  tail: string;
  ip: string | null;
  rs: RealServerDecl | null;
  forwarding: Forwarding;
  /** The destination port lvsplan will ask for (the service port for DR/TUN on non-fwmark services). */
  port: number;
}

export interface ResolvedService {
  decl: VirtualServerDecl;
  family: Family;
  /** null when the identity is incomplete (an earlier diagnostic says why) */
  id: string | null;
  /** Shared by the services whose director names are one list (do not change it). */
  directors: readonly DirectorDecl[];
  /**
   * Shared by the services with the same backend declarations (one list, as the instances of a repeated
   * virtual_server share it) and the same backendFacts, resolved for the first of them (do not change it).
   */
  backends: readonly ResolvedBackend[];
}

/** The backend's address in plans, e.g. virtual_server.web.backend["lvs01"]: two parts that both live on anyway, joined. */
export const backendAddress = (s: ResolvedService, b: ResolvedBackend): string => s.decl.address + b.tail;

/** The backend's destination id (model/identity.ts), or null without an address or a service identity. */
export const backendId = (s: ResolvedService, b: ResolvedBackend): string | null => (b.ip !== null && s.id !== null ? destinationId(s.id, b.ip, b.port) : null);

export interface ResolvedConfig {
  decl: ConfigDecl;
  directors: Map<string, DirectorDecl>;
  realservers: Map<string, RealServerDecl>;
  services: ResolvedService[];
}

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
  // By list of backend declarations, then by backendFacts: the backends of the first service.
  const lists = new Map<readonly BackendDecl[], Map<string, ResolvedBackend[]>>();
  const services = decl.virtualServers.map((vs): ResolvedService => {
    const family: Family = vs.vip ? familyOf(vs.vip.v) : vs.family?.v ?? (vs.vips[0] ? familyOf(vs.vips[0].v) : 'inet');
    let id: string | null = null;
    if (vs.fwmark) id = serviceId({ kind: 'fwmark', family, fwmark: vs.fwmark.v });
    else if (vs.vip && vs.port && vs.protocol) id = serviceId({ kind: 'addr', protocol: vs.protocol.v, address: vs.vip.v, port: vs.port.v });
    let alike = lists.get(vs.backends);
    if (alike === undefined) lists.set(vs.backends, (alike = new Map()));
    const facts = backendFacts(vs, family);
    let backends = alike.get(facts);
    if (backends === undefined) alike.set(facts, (backends = resolveBackends(vs, realservers)));
    return { decl: vs, family, id, directors: declared(vs.directors), backends };
  });
  return { decl, directors, realservers, services };
}

/** A service's backends, resolved from their declarations. */
function resolveBackends(vs: VirtualServerDecl, realservers: ReadonlyMap<string, RealServerDecl>): ResolvedBackend[] {
  const svcPort = vs.port?.v ?? 0;
  return vs.backends.map((b): ResolvedBackend => {
    const rs = b.realserver ? realservers.get(b.realserver.v) ?? null : null;
    const forwarding = b.forwarding?.v ?? vs.forwarding.v;
    const port = vs.fwmark ? b.port?.v ?? 0 : forwarding === 'nat' ? b.port?.v ?? svcPort : svcPort;
    return { decl: b, tail: `.backend[${JSON.stringify(b.name)}]`, ip: b.ip?.v ?? rs?.address?.v ?? null, rs, forwarding, port };
  });
}

export function ipFamily(ip: string): Family | null {
  if (isCanonicalIPv4(ip)) return 'inet';
  return parseIpAddress(ip)?.family ?? null;
}
