import type { ApplyEvent } from '../../../src/apply/events.js';
import type { HostReader } from '../../../src/apply/ports.js';
import { providerBuilders } from '../../../src/apply/provider-ports.js';
import type { ApplyDeps } from '../../../src/apply/run-context.js';
import { readHost } from '../../../src/apply/read-host.js';
import type { HostSpec } from '../../../src/model/hosts.js';
import type { Attrs, DesiredResource } from '../../../src/model/resource.js';
import { computePlan } from '../../../src/plan/compute-plan.js';
import type { ObservedHostLike } from '../../../src/plan/observed.js';
import type { Plan } from '../../../src/plan/types.js';
import { FakeClock } from './fake-clock.js';
import { FakeHost } from './fake-host.js';

/** A DR cluster of one director and two real servers, on fake hosts. */
export const VIP = '192.168.122.50';
export const SVC = `tcp:${VIP}:80`;
export const RS: Record<string, string> = { lvs01: '192.168.122.10', lvs02: '192.168.122.20' };
const ARP: Record<string, string> = {
  'net.ipv4.conf.all.arp_ignore': '1',
  'net.ipv4.conf.all.arp_announce': '2',
};

export const hostSpecs: HostSpec[] = [
  { name: 'lvs-dr', role: 'director', connection: { type: 'ssh', host: '192.168.122.5', timeout: 10 }, exclusive: false },
  ...Object.entries(RS).map<HostSpec>(([name, ip]) => ({ name, role: 'realserver', connection: { type: 'ssh', host: ip, timeout: 10 }, exclusive: false })),
];

export function serviceAttrs(over: Attrs = {}): Attrs {
  return {
    family: 'inet', protocol: 'tcp', address: VIP, port: 80, fwmark: null, scheduler: 'rr', persistent: false,
    persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [], ...over,
  };
}

export function destAttrs(address: string, over: Attrs = {}): Attrs {
  return {
    service: SVC, address, port: 80, forwarding: 'dr', weight: 1, upper_threshold: 0, lower_threshold: 0,
    tunnel_type: null, tunnel_port: null, tunnel_checksum: null, ...over,
  };
}

/** The desired cluster; `backends` picks which real servers the service uses. */
export function desired(opts: { backends?: string[]; service?: Attrs; weight?: Record<string, number> } = {}): DesiredResource[] {
  const backends = opts.backends ?? Object.keys(RS);
  const out: DesiredResource[] = [
    { host: 'lvs-dr', type: 'ipvs_service', id: SVC, address: 'virtual_server.web', attrs: serviceAttrs(opts.service) },
    { host: 'lvs-dr', type: 'address', id: `eth0/${VIP}`, address: `director.lvs-dr.address["${VIP}/32"]`, attrs: { interface: 'eth0', address: VIP, prefix_length: 32, family: 'inet' } },
  ];
  for (const name of backends) {
    out.push({
      host: 'lvs-dr', type: 'ipvs_destination', id: `${SVC}->${RS[name]}:80`, address: `virtual_server.web.backend["${name}"]`,
      attrs: destAttrs(RS[name]!, { weight: opts.weight?.[name] ?? 1 }),
      realserver: name,
    });
  }
  for (const name of Object.keys(RS)) {
    if (!backends.includes(name)) continue;
    for (const [sysctl, value] of Object.entries(ARP)) {
      out.push({ host: name, type: 'sysctl', id: sysctl, address: `realserver.${name}.sysctl["${sysctl}"]`, attrs: { name: sysctl, value } });
    }
    out.push({ host: name, type: 'address', id: `lo/${VIP}`, address: `realserver.${name}.address["lo/${VIP}"]`, attrs: { interface: 'lo', address: VIP, prefix_length: 32, family: 'inet' } });
  }
  return out;
}

/** Reads a fake host in one round trip; the re-read that ends a step, as the real one, without the state record. */
export const fakeReader: HostReader = {
  argv: (_spec, how) => ({ ok: true, value: how?.reread ? ['fake-read', 'reread'] : ['fake-read'] }),
  parse: (_spec, r) => (r.exitCode !== 0 ? { ok: false, error: r.stderr.trim() || `exit ${r.exitCode}` } : { ok: true, observed: JSON.parse(r.stdout) as ObservedHostLike }),
};

export class Cluster {
  readonly clock = new FakeClock();
  readonly hosts = new Map<string, FakeHost>();
  readonly events: ApplyEvent[] = [];

  constructor() {
    for (const h of hostSpecs) {
      const fake = new FakeHost(h.name, h.role, this.clock);
      fake.addresses.set(h.role === 'director' ? 'eth0/192.168.122.5' : `eth0/${RS[h.name]}`, {
        interface: 'eth0', address: h.role === 'director' ? '192.168.122.5' : RS[h.name]!, prefix_length: 24, family: 'inet',
      });
      for (const name of Object.keys(ARP)) fake.sysctls.set(name, '0');
      this.hosts.set(h.name, fake);
    }
  }

  host(name: string): FakeHost {
    return this.hosts.get(name)!;
  }

  async observe(): Promise<ObservedHostLike[]> {
    const out: ObservedHostLike[] = [];
    for (const h of hostSpecs) {
      const r = await readHost(fakeReader, h, this.host(h.name).runner());
      if (r.ok) out.push(r.observed);
    }
    return out;
  }

  async plan(want: DesiredResource[], mode: 'apply' | 'destroy' = 'apply', drainSeconds: Record<string, number> = {}): Promise<Plan> {
    return computePlan({ desired: want, hosts: hostSpecs, observed: await this.observe(), drainTimeouts: { 'lvs-dr': drainSeconds }, mode, createdAt: '2024-01-01T00:00:00Z' });
  }

  deps(over: Partial<ApplyDeps> = {}): ApplyDeps {
    return {
      runners: new Map([...this.hosts].map(([n, h]) => [n, h.runner()])),
      builders: providerBuilders,
      reader: fakeReader,
      clock: this.clock,
      events: (e) => this.events.push(e),
      lockTimeoutMs: 5_000,
      drainPollMs: 1_000,
      holder: 'pid 4242 on operator-box, started 2024-01-01T00:00:00.000Z',
      ...over,
    };
  }
}
