import type { HostSpec } from '../../src/model/hosts.js';
import type { Attrs, DesiredResource, ResourceInstance } from '../../src/model/resource.js';
import type { StateRecord } from '../../src/model/state-record.js';
import type { ObservedHostLike, PlanInput } from '../../src/plan/observed.js';

/** The seed's DR cluster (examples/lvs-dr) as the config stage produces it, and its hosts in several states. */
export const VIP = '192.168.122.50';
export const SVC = `tcp:${VIP}:80`;
export const RS = { lvs01: '192.168.122.10', lvs02: '192.168.122.20' } as const;

export const hosts: HostSpec[] = [
  { name: 'lvs-dr', role: 'director', connection: { type: 'ssh', host: '192.168.122.5', timeout: 10 }, exclusive: false },
  { name: 'lvs01', role: 'realserver', connection: { type: 'ssh', host: RS.lvs01, timeout: 10 }, exclusive: false },
  { name: 'lvs02', role: 'realserver', connection: { type: 'ssh', host: RS.lvs02, timeout: 10 }, exclusive: false },
];

export function serviceAttrs(over: Attrs = {}): Attrs {
  return {
    family: 'inet',
    protocol: 'tcp',
    address: VIP,
    port: 80,
    fwmark: null,
    scheduler: 'rr',
    persistent: false,
    persistence_timeout: null,
    persistence_netmask: null,
    persistence_engine: null,
    one_packet: false,
    scheduler_flags: [],
    ...over,
  };
}

export function destAttrs(address: string, over: Attrs = {}): Attrs {
  return {
    service: SVC,
    address,
    port: 80,
    forwarding: 'dr',
    weight: 1,
    upper_threshold: 0,
    lower_threshold: 0,
    tunnel_type: null,
    tunnel_port: null,
    tunnel_checksum: null,
    ...over,
  };
}

export const ARP_SYSCTLS: Record<string, string> = {
  'net.ipv4.conf.all.arp_ignore': '1',
  'net.ipv4.conf.all.arp_announce': '2',
  'net.ipv4.conf.lo.arp_ignore': '1',
  'net.ipv4.conf.lo.arp_announce': '2',
};

export function desired(): DesiredResource[] {
  const out: DesiredResource[] = [
    { host: 'lvs-dr', type: 'ipvs_service', id: SVC, address: 'virtual_server.web', attrs: serviceAttrs() },
    {
      host: 'lvs-dr',
      type: 'address',
      id: `eth0/${VIP}`,
      address: `director.lvs-dr.address["${VIP}/32"]`,
      attrs: { interface: 'eth0', address: VIP, prefix_length: 32, family: 'inet' },
    },
  ];
  for (const [name, ip] of Object.entries(RS)) {
    out.push({
      host: 'lvs-dr',
      type: 'ipvs_destination',
      id: `${SVC}->${ip}:80`,
      address: `virtual_server.web.backend["${name}"]`,
      attrs: destAttrs(ip),
      realserver: name,
    });
    for (const [sysctl, value] of Object.entries(ARP_SYSCTLS)) {
      out.push({
        host: name,
        type: 'sysctl',
        id: sysctl,
        address: `realserver.${name}.sysctl["${sysctl}"]`,
        attrs: { name: sysctl, value },
      });
    }
    out.push({
      host: name,
      type: 'address',
      id: `lo/${VIP}`,
      address: `realserver.${name}.address["lo/${VIP}"]`,
      attrs: { interface: 'lo', address: VIP, prefix_length: 32, family: 'inet' },
    });
  }
  return out;
}

function strip(r: DesiredResource): ResourceInstance {
  return { host: r.host, type: r.type, id: r.id, attrs: { ...r.attrs } };
}

/** What every host has before lvsplan: its own addresses and kernel-default ARP sysctls. */
function baseline(host: string): ResourceInstance[] {
  const own = host === 'lvs-dr' ? '192.168.122.5' : RS[host as keyof typeof RS];
  const addr = (iface: string, a: string, len: number): ResourceInstance => ({
    host,
    type: 'address',
    id: `${iface}/${a}`,
    attrs: { interface: iface, address: a, prefix_length: len, family: 'inet' },
  });
  const sysctls = Object.keys(ARP_SYSCTLS).map<ResourceInstance>((name) => ({
    host,
    type: 'sysctl',
    id: name,
    attrs: { name, value: '0' },
  }));
  return [addr('lo', '127.0.0.1', 8), addr('eth0', own, 24), ...sysctls];
}

/** Freshly installed hosts: nothing from lvsplan, no state record. */
export function emptyHosts(): ObservedHostLike[] {
  return hosts.map((h) => ({ host: h.name, resources: baseline(h.name), stateRecord: null, fingerprint: `fp-${h.name}-empty` }));
}

/** Hosts after `lvsplan apply` of the seed: everything desired exists and is recorded. */
export function appliedHosts(): ObservedHostLike[] {
  const want = desired();
  return hosts.map((h) => {
    const mine = want.filter((d) => d.host === h.name);
    const resources = baseline(h.name).filter((b) => !mine.some((m) => m.type === b.type && m.id === b.id));
    resources.push(...mine.map(strip));
    const record: StateRecord = {
      version: 1,
      managed: mine.map((m) => ({ type: m.type, id: m.id, attrs: { ...m.attrs }, ...(m.realserver ? { realserver: m.realserver } : {}) })),
      originalSysctls: h.role === 'realserver' ? Object.fromEntries(Object.keys(ARP_SYSCTLS).map((k) => [k, '0'])) : {},
    };
    return { host: h.name, resources, stateRecord: record, fingerprint: `fp-${h.name}-applied` };
  });
}

/** Changes one observed resource in place (a drift made outside lvsplan). */
export function withObserved(
  observed: ObservedHostLike[],
  host: string,
  edit: (resources: ResourceInstance[]) => ResourceInstance[],
): ObservedHostLike[] {
  return observed.map((o) => (o.host === host ? { ...o, resources: edit(o.resources.map((r) => ({ ...r, attrs: { ...r.attrs } }))), fingerprint: `${o.fingerprint}-drifted` } : o));
}

export function input(observed: ObservedHostLike[], over: Partial<PlanInput> = {}): PlanInput {
  return {
    desired: desired(),
    hosts,
    observed,
    drainTimeouts: { 'lvs-dr': { [SVC]: 30 } },
    mode: 'apply',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}
