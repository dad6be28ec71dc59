import { describe, expect, it } from 'vitest';
import {
  destinationAddLine,
  destinationDeleteLine,
  destinationEditLine,
  destinationSavedLine,
  serviceAddLine,
  serviceDeleteLine,
  serviceEditLine,
} from '../../../providers/ipvs/build-lines.js';
import { parseIpvsSave } from '../../../providers/ipvs/parse-save.js';
import { parseIpvsThresholds } from '../../../providers/ipvs/parse-thresholds.js';
import type { Attrs, ResourceInstance } from '../../../src/model/resource.js';
import { fixture } from '../fixture.js';

function value(b: { ok: true; value: string } | { ok: false; error: string }): string {
  if (!b.ok) throw new Error(b.error);
  return b.value;
}

function captured(): { lines: string[]; resources: ResourceInstance[] } {
  const text = fixture('captured/rich/ipvsadm-Sn.txt');
  const th = parseIpvsThresholds(fixture('captured/rich/ipvsadm-Ln-thresholds.txt'));
  return { lines: text.trimEnd().split('\n'), resources: parseIpvsSave(text, 'd', th.thresholds).resources };
}

function serviceOf(resources: ResourceInstance[], dest: ResourceInstance): Attrs {
  return resources.find((r) => r.type === 'ipvs_service' && r.id === dest.attrs.service)!.attrs;
}

describe('builders reproduce real ipvsadm -Sn lines', () => {
  const { lines, resources } = captured();

  it('builds each captured -A line exactly from the parsed attrs', () => {
    const built = resources.filter((r) => r.type === 'ipvs_service').map((r) => value(serviceAddLine(r.attrs)));
    expect(built).toEqual(lines.filter((l) => l.startsWith('-A ')));
  });

  it('builds each captured -a line exactly, plus the thresholds -S leaves out', () => {
    const dests = resources.filter((r) => r.type === 'ipvs_destination');
    const built = dests.map((d) => value(destinationAddLine(serviceOf(resources, d), d.attrs)));
    expect(built.map((l) => l.replace(/ -x \d+ -y \d+/, ''))).toEqual(lines.filter((l) => l.startsWith('-a ')));
    expect(built[dests.findIndex((d) => d.id === 'tcp:192.168.122.51:443->10.1.0.10:8443')]).toContain(' -x 100 -y 50');
  });

  it('renders each captured -a line exactly as -Sn printed it (what a quick edit compares before it swaps)', () => {
    const dests = resources.filter((r) => r.type === 'ipvs_destination');
    expect(dests.map((d) => value(destinationSavedLine(serviceOf(resources, d), d.attrs)))).toEqual(lines.filter((l) => l.startsWith('-a ')));
  });

  it('round-trips: built lines parse back to the same attributes', () => {
    const text = resources
      .map((r) => value(r.type === 'ipvs_service' ? serviceAddLine(r.attrs) : destinationAddLine(serviceOf(resources, r), r.attrs)))
      .join('\n');
    const again = parseIpvsSave(text, 'd');
    expect(again.problems).toEqual([]);
    expect(again.resources).toEqual(resources);
  });
});

const web: Attrs = {
  family: 'inet', protocol: 'tcp', address: '192.168.122.50', port: 80, fwmark: null, scheduler: 'rr',
  persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null,
  one_packet: false, scheduler_flags: [],
};
const rs: Attrs = {
  service: 'tcp:192.168.122.50:80', address: '192.168.122.10', port: 80, forwarding: 'dr', weight: 1,
  upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null,
};

describe('edit and delete lines', () => {
  it('-E carries the complete service attribute set', () => {
    expect(value(serviceEditLine({ ...web, scheduler: 'wlc', persistent: true, persistence_timeout: 360 }))).toBe('-E -t 192.168.122.50:80 -s wlc -p 360');
    expect(value(serviceEditLine(web))).toBe('-E -t 192.168.122.50:80 -s rr');
  });

  it('-e carries method, weight and both thresholds', () => {
    expect(value(destinationEditLine(web, { ...rs, weight: 0 }))).toBe('-e -t 192.168.122.50:80 -r 192.168.122.10:80 -g -w 0 -x 0 -y 0');
  });

  it('puts -M after an IPv6 service and -6 after -f', () => {
    const v6 = { ...web, family: 'inet6', address: '2001:db8::1', persistent: true, persistence_timeout: 100, persistence_netmask: '64' };
    expect(value(serviceAddLine(v6))).toBe('-A -t [2001:db8::1]:80 -s rr -p 100 -M 64');
    const fw6 = { ...v6, protocol: null, address: null, port: null, fwmark: 4294967295 };
    expect(value(serviceAddLine(fw6))).toBe('-A -f 4294967295 -6 -s rr -p 100 -M 64');
  });

  it('deletes by identity only', () => {
    expect(value(serviceDeleteLine(web))).toBe('-D -t 192.168.122.50:80');
    expect(value(destinationDeleteLine(web, rs))).toBe('-d -t 192.168.122.50:80 -r 192.168.122.10:80');
  });

  it('writes sh/mh flags with the scheduler names in -S order, and only so', () => {
    expect(value(serviceAddLine({ ...web, scheduler: 'sh', scheduler_flags: ['sh-fallback', 'sh-port'] }))).toBe('-A -t 192.168.122.50:80 -s sh -b sh-fallback,sh-port');
    expect(serviceAddLine({ ...web, scheduler: 'sh', scheduler_flags: ['flag-2', 'sh-fallback'] }).ok).toBe(false);
  });

  it('takes every weight the schema allows (Debian ipvsadm: 0..2147483647) and nothing beyond', () => {
    expect(value(destinationAddLine(web, { ...rs, weight: 70000 }))).toContain(' -w 70000 ');
    expect(value(destinationAddLine(web, { ...rs, weight: 2147483647 }))).toContain(' -w 2147483647 ');
    expect(destinationAddLine(web, { ...rs, weight: 2147483648 }).ok).toBe(false);
  });
});

describe('hostile or invalid values are refused', () => {
  const refusedService: [string, Attrs][] = [
    ['shell text in address', { ...web, address: '192.168.122.50; ipvsadm -C' }],
    ['non-canonical address', { ...web, address: '192.168.122.050' }],
    ['uncompressed IPv6', { ...web, family: 'inet6', address: '2001:db8:0:0:0:0:0:1' }],
    ['family mismatch', { ...web, family: 'inet6' }],
    ['scheduler with a space', { ...web, scheduler: 'rr -C' }],
    ['scheduler too long', { ...web, scheduler: 'abcdefghijklmnop' }],
    ['port out of range', { ...web, port: 65536 }],
    ['fractional port', { ...web, port: 80.5 }],
    ['port 0 without persistence', { ...web, port: 0 }],
    ['timeout out of range', { ...web, persistent: true, persistence_timeout: 2678401 }],
    ['mask without persistence', { ...web, persistence_netmask: '255.255.255.0' }],
    ['non-contiguous mask', { ...web, persistent: true, persistence_netmask: '255.0.255.0' }],
    ['bad persistence engine', { ...web, persistence_engine: 'sip x' }],
    ['one-packet on tcp', { ...web, one_packet: true }],
    ['sh flag on rr', { ...web, scheduler_flags: ['sh-port'] }],
    ['fwmark 0', { ...web, protocol: null, address: null, port: null, fwmark: 0 }],
    ['fwmark with an address', { ...web, fwmark: 5 }],
  ];
  it.each(refusedService)('%s', (_name, attrs) => {
    const b = serviceAddLine(attrs);
    expect(b.ok).toBe(false);
    expect(serviceEditLine(attrs).ok).toBe(false);
  });

  const refusedDest: [string, Attrs][] = [
    ['lower above upper', { ...rs, upper_threshold: 10, lower_threshold: 11 }],
    ['lower without upper', { ...rs, lower_threshold: 5 }],
    ['negative weight', { ...rs, weight: -1 }],
    ['weight above 2147483647', { ...rs, weight: 2147483648 }],
    ['missing weight', { ...rs, weight: undefined as never }],
    ['unknown attribute', { ...rs, colour: 'red' }],
    ['DR port differs from service port', { ...rs, port: 8080 }],
    ['IPv6 real server with DR', { ...rs, address: '2001:db8::10' }],
    ['tunnel settings without tunnel', { ...rs, tunnel_type: 'gre' }],
    ['gue without port', { ...rs, forwarding: 'tunnel', tunnel_type: 'gue' }],
    ['gre with remcsum', { ...rs, forwarding: 'tunnel', tunnel_type: 'gre', tunnel_checksum: 'remcsum' }],
    ['ipip with checksum', { ...rs, forwarding: 'tunnel', tunnel_type: 'ipip', tunnel_checksum: 'csum' }],
    ['unknown forwarding', { ...rs, forwarding: 'local' }],
    ['wrong service', { ...rs, service: 'tcp:192.168.122.51:80' }],
    ['address with a port in it', { ...rs, address: '192.168.122.10:80' }],
  ];
  it.each(refusedDest)('%s', (_name, attrs) => {
    const b = destinationAddLine(web, attrs);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error.length).toBeGreaterThan(0);
  });

  it('accepts an IPv6 real server behind an IPv4 VIP over a tunnel and NAT port mapping', () => {
    expect(value(destinationAddLine(web, { ...rs, address: '2001:db8::10', forwarding: 'tunnel', tunnel_type: 'ipip' }))).toBe(
      '-a -t 192.168.122.50:80 -r [2001:db8::10]:80 -i -w 1 -x 0 -y 0 --tun-type ipip',
    );
    expect(value(destinationAddLine(web, { ...rs, port: 8080, forwarding: 'nat' }))).toContain('-r 192.168.122.10:8080 -m');
  });
});
