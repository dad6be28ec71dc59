import type { ConfigDecl } from '../../config/decl.js';
import { keyOf, resourceKey, type DesiredResource, type ResourceInstance, type ResourceOf } from '../../model/resource.js';
import type { Family } from '../../model/ip-address.js';
import type { Protocol } from '../../model/identity.js';
import type { Forwarding, ImportedBackend, ImportedCluster, ImportedDirector, ImportedService, ImportedTunnel } from '../cluster.js';
import { DIRECTOR_SYSCTL_DEFAULTS } from '../../model/director-sysctl-defaults.js';

export interface ObservedHostResources {
  host: string;
  resources: readonly ResourceInstance[];
}

/**
 * What runs on the declared directors, as lvsplan services: every IPVS service the configuration does not
 * already declare on that director, its destinations matched to declared realservers by address.
 */
export function observedToCluster(decl: ConfigDecl, desired: readonly DesiredResource[], observed: readonly ObservedHostResources[], directorNames: readonly string[]): ImportedCluster {
  const byAddress = new Map<string, string>();
  for (const r of decl.realservers) if (r.address && !byAddress.has(r.address.v)) byAddress.set(r.address.v, r.name);
  const configured = new Set(desired.filter((r) => r.type === 'ipvs_service').map(keyOf));
  const directors: ImportedDirector[] = [];
  const services: ImportedService[] = [];
  for (const name of directorNames) {
    const d = decl.directors.find((x) => x.name === name)!;
    const res = observed.find((o) => o.host === name)?.resources ?? [];
    const sysctls: Record<string, string> = {};
    for (const r of res)
      if (r.type === 'sysctl' && r.id in DIRECTOR_SYSCTL_DEFAULTS && String(r.attrs.value) !== DIRECTOR_SYSCTL_DEFAULTS[r.id]) sysctls[r.id] = String(r.attrs.value);
    directors.push({ name, write: false, interface: d.iface.v || null, bindVips: d.bindVips, sysctls, comments: [] });
    const dests = res.filter((r): r is ResourceOf<'ipvs_destination'> => r.type === 'ipvs_destination');
    for (const s of res) {
      if (s.type !== 'ipvs_service' || configured.has(resourceKey(name, 'ipvs_service', s.id))) continue;
      services.push(toService(name, s, dests.filter((x) => x.attrs.service === s.id), byAddress));
    }
  }
  return { directors, services, header: [] };
}

function toService(director: string, s: ResourceOf<'ipvs_service'>, dests: readonly ResourceOf<'ipvs_destination'>[], byAddress: ReadonlyMap<string, string>): ImportedService {
  const a = s.attrs;
  const netmask = a.persistence_netmask === null ? null : a.family === 'inet6' ? Number(a.persistence_netmask) : String(a.persistence_netmask);
  return {
    group: null,
    director,
    protocol: (a.protocol as Protocol | null) ?? null,
    address: (a.address as string | null) ?? null,
    port: (a.port as number | null) ?? null,
    fwmark: (a.fwmark as number | null) ?? null,
    family: a.family as Family,
    vips: [],
    scheduler: String(a.scheduler),
    schedulerFlags: [...((a.scheduler_flags as string[] | null) ?? [])],
    persistence: a.persistent ? { timeout: Number(a.persistence_timeout), netmask, engine: (a.persistence_engine as string | null) ?? null } : null,
    onePacket: a.one_packet === true,
    backends: dests.map((d) => toBackend(d, byAddress)),
    healthCheck: null,
    sorryServer: null,
    comments:
      a.fwmark !== null
        ? ['The kernel does not know which addresses this mark covers: list them in vips = [...] to have lvsplan bind them.']
        : [],
  };
}

function toBackend(d: ResourceOf<'ipvs_destination'>, byAddress: ReadonlyMap<string, string>): ImportedBackend {
  const a = d.attrs;
  const forwarding = a.forwarding as Forwarding;
  const tunnel: ImportedTunnel | null =
    forwarding === 'tunnel'
      ? { type: (a.tunnel_type as ImportedTunnel['type'] | null) ?? 'ipip', port: (a.tunnel_port as number | null) ?? null, checksum: (a.tunnel_checksum as ImportedTunnel['checksum']) ?? null }
      : null;
  return {
    realserver: byAddress.get(String(a.address)) ?? null,
    address: String(a.address),
    port: Number(a.port),
    weight: Number(a.weight),
    upper: Number(a.upper_threshold),
    lower: Number(a.lower_threshold),
    forwarding,
    tunnel,
    healthCheck: null,
  };
}

/**
 * Backends naming a realserver whose host is not yet set up the way lvsplan would set it up (VIP on lo,
 * ARP sysctls) become `address =` backends, so the first plan changes nothing; a comment says how to hand
 * the realserver to lvsplan.
 */
export function unmanageRealservers(c: ImportedCluster, names: ReadonlyMap<string, string[]>): void {
  for (const s of c.services) {
    const hit = new Set<string>();
    s.backends = s.backends.map((b) => {
      if (b.realserver === null || !names.has(b.realserver) || b.forwarding === 'nat') return b;
      hit.add(b.realserver);
      return { ...b, realserver: null };
    });
    for (const rs of hit)
      s.comments.push(`${rs} is a declared realserver, but it lacks what lvsplan would configure for this service (${names.get(rs)!.join(', ')}); it is written as an address backend so the first plan changes nothing. Write backend "${rs}" {} instead to have lvsplan set it up.`);
  }
}
