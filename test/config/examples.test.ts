import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadConfigDir } from '../../src/config/index.js';
import type { DesiredState } from '../../src/config/index.js';

const load = (name: string) => loadConfigDir(`examples/${name}`, { vars: [], varFiles: [], env: {} });
const strip = (d: DesiredState) => JSON.parse(JSON.stringify(d, (k, v) => (k === 'declRange' ? undefined : v)));
const find = (d: DesiredState, address: string) => d.resources.filter((r) => r.address === address);

describe('examples', () => {
  for (const name of ['lvs-dr', 'lvs-nat', 'lvs-tun', 'fwmark-persistence', 'ipv6', 'health-watch']) {
    it(`${name} validates cleanly`, () => {
      const r = load(name);
      expect(r.diagnostics).toEqual([]);
      expect(r.desired).not.toBeNull();
      expect(r.sources.size).toBeGreaterThan(0);
    });
  }

  it('lvs-dr decodes to the golden DesiredState', () => {
    const want = JSON.parse(readFileSync('test/fixtures/config/golden/lvs-dr.desired.json', 'utf8'));
    expect(strip(load('lvs-dr').desired!)).toEqual(want);
  });

  it('lvs-dr resources point back at their declarations', () => {
    const d = load('lvs-dr').desired!;
    const svc = find(d, 'virtual_server.web')[0]!;
    expect([svc.declRange?.filename, svc.declRange?.start.line]).toEqual(['examples/lvs-dr/main.hcl', 25]);
    const b = find(d, 'virtual_server.web.backend["lvs02"]')[0]!;
    expect(b.declRange?.start.line).toBe(34);
    const vip = find(d, 'director.lvs-dr.address["192.168.122.50/32"]')[0]!;
    expect(vip.declRange?.start.line).toBe(28);
  });

  it('lvs-nat maps ports, enables forwarding, and expands for_each and dynamic backends', () => {
    const d = load('lvs-nat').desired!;
    const http = d.resources.filter((r) => r.type === 'ipvs_destination' && r.attrs.service === 'tcp:203.0.113.10:80');
    expect(http.map((r) => [r.address, r.attrs.address, r.attrs.port, r.attrs.forwarding])).toEqual([
      ['virtual_server.http.backend["app1"]', '10.0.1.11', 8080, 'nat'],
      ['virtual_server.http.backend["app2"]', '10.0.1.12', 8080, 'nat'],
      ['virtual_server.http.backend["app3"]', '10.0.1.13', 8080, 'nat'],
    ]);
    const dns = d.resources.filter((r) => r.type === 'ipvs_destination' && r.attrs.service === 'udp:203.0.113.10:53');
    expect(dns.map((r) => r.address)).toEqual(['virtual_server.dns.backend["dns-app1"]', 'virtual_server.dns.backend["dns-app2"]', 'virtual_server.dns.backend["dns-app3"]']);
    expect(find(d, 'virtual_server.dns')[0]!.attrs.scheduler_flags).toEqual(['sh-fallback', 'sh-port']);
    expect(find(d, 'director.lb.sysctl["net.ipv4.ip_forward"]')[0]!.attrs.value).toBe('1');
    expect(d.drainTimeouts).toEqual({ [d.hosts.find((h) => h.role === 'director')!.name]: { 'tcp:203.0.113.10:80': 120 } });
    expect(d.hosts.map((h) => h.name)).toEqual(['lb']);
    expect(d.resources.filter((r) => r.type === 'address').map((r) => r.id)).toEqual(['eth0/203.0.113.10']);
  });

  it('lvs-tun puts the VIP on tunl0 with loose rp_filter and tunnel settings on the destination', () => {
    const d = load('lvs-tun').desired!;
    const far2 = d.resources.filter((r) => r.host === 'far2');
    expect(far2.filter((r) => r.type === 'address').map((r) => r.id)).toEqual(['tunl0/198.51.100.50']);
    const sysctls = Object.fromEntries(far2.filter((r) => r.type === 'sysctl').map((r) => [r.id, r.attrs.value]));
    expect(sysctls['net.ipv4.conf.tunl0.rp_filter']).toBe('0');
    expect(sysctls['net.ipv4.conf.all.rp_filter']).toBe('0');
    expect(sysctls['net.ipv4.conf.all.arp_ignore']).toBe('1');
    const dest = find(d, 'virtual_server.api.backend["far2"]')[0]!;
    expect(dest.attrs).toMatchObject({ forwarding: 'tunnel', port: 443, tunnel_type: 'gue', tunnel_port: 6080, tunnel_checksum: 'csum' });
    expect(find(d, 'virtual_server.api.backend["far1"]')[0]!.attrs).toMatchObject({ tunnel_type: 'ipip', tunnel_port: null, tunnel_checksum: null });
    expect(d.hosts.find((h) => h.name === 'far1')!.connection).toEqual({ type: 'ssh', host: '192.0.2.21', bastion: 'admin@198.51.100.5', timeout: 20 });
  });

  it('fwmark-persistence binds every vip on the director and on each DR real server', () => {
    const d = load('fwmark-persistence').desired!;
    const svc = find(d, 'virtual_server.web')[0]!;
    expect(svc.id).toBe('fwmark:1');
    expect(svc.attrs).toMatchObject({ family: 'inet', protocol: null, address: null, port: null, fwmark: 1, persistent: true, persistence_timeout: 1800, persistence_netmask: '255.255.255.0' });
    expect(d.resources.filter((r) => r.type === 'address').map((r) => `${r.host} ${r.id}`)).toEqual([
      'edge bond0/192.168.10.80',
      'edge bond0/192.168.10.81',
      'web1 lo/192.168.10.80',
      'web1 lo/192.168.10.81',
      'web2 lo/192.168.10.80',
      'web2 lo/192.168.10.81',
    ]);
    expect(find(d, 'virtual_server.web.backend["web1"]')[0]!.id).toBe('fwmark:1->192.168.10.11:0');
    expect(d.hosts[0]).toMatchObject({ name: 'edge', exclusive: true, connection: { type: 'local' } });
  });

  it('ipv6 canonicalises addresses and uses /128 without ARP sysctls', () => {
    const d = load('ipv6').desired!;
    const svc = find(d, 'virtual_server.www6')[0]!;
    expect(svc.id).toBe('tcp:[2001:db8::80]:443');
    expect(svc.attrs).toMatchObject({ family: 'inet6', persistence_netmask: '64', scheduler_flags: ['mh-port'] });
    expect(find(d, 'virtual_server.www6.backend["rs6b"]')[0]!.attrs.address).toBe('2001:db8:0:1::b');
    expect(find(d, 'virtual_server.mark6')[0]!.id).toBe('fwmark6:6');
    const rs = d.resources.filter((r) => r.host === 'rs6a');
    expect(rs.map((r) => `${r.type} ${r.id} ${r.attrs.prefix_length ?? ''}`)).toEqual(['address lo/2001:db8::80 128', 'address lo/2001:db8::53 128']);
    expect(d.hosts[0]!.connection).toEqual({ type: 'exec', command: ['ip', 'netns', 'exec', 'lb6'] });
  });
});
