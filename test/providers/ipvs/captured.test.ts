import { describe, expect, it } from 'vitest';
import { parseIpvsSave } from '../../../providers/ipvs/parse-save.js';
import { parseIpvsThresholds } from '../../../providers/ipvs/parse-thresholds.js';
import { fixture } from '../fixture.js';

/** Real output of ipvsadm 1.31 on a 6.1 kernel (test/fixtures/captured, built from commands.txt). */
function read(dir: string) {
  const th = parseIpvsThresholds(fixture(`captured/${dir}/ipvsadm-Ln-thresholds.txt`));
  const save = parseIpvsSave(fixture(`captured/${dir}/ipvsadm-Sn.txt`), 'lvs-dr', th.thresholds);
  return { save, th, resources: save.resources };
}

function attrsOf(resources: ReturnType<typeof read>['resources'], id: string) {
  const r = resources.find((x) => x.id === id);
  expect(r, id).toBeDefined();
  return r!.attrs;
}

describe('captured seed table', () => {
  it('gives the seed service and its two DR destinations', () => {
    const { save, th, resources } = read('seed');
    expect(save.problems).toEqual([]);
    expect(th.problems).toEqual([]);
    expect(resources.map((r) => r.id)).toEqual([
      'tcp:192.168.122.50:80',
      'tcp:192.168.122.50:80->192.168.122.10:80',
      'tcp:192.168.122.50:80->192.168.122.20:80',
    ]);
    expect(resources[1]!.attrs).toMatchObject({ forwarding: 'dr', weight: 1, upper_threshold: 0, lower_threshold: 0 });
  });
});

describe('captured rich table', () => {
  const { save, th, resources } = read('rich');
  const commands = fixture('captured/rich/commands.txt').split('\n');
  const accepted = commands.filter((l) => l.startsWith('ipvsadm -') && !l.includes('twos'));

  it('parses without problems and has one resource per accepted command', () => {
    expect(save.problems).toEqual([]);
    expect(th.problems).toEqual([]);
    expect(resources).toHaveLength(accepted.length);
  });

  it('takes thresholds from -Ln --thresholds, which -Sn omits', () => {
    expect(fixture('captured/rich/ipvsadm-Sn.txt')).not.toMatch(/ -x /);
    expect(attrsOf(resources, 'tcp:192.168.122.51:443->10.1.0.10:8443')).toMatchObject({ upper_threshold: 100, lower_threshold: 50, forwarding: 'nat', weight: 3 });
    expect(attrsOf(resources, 'tcp:192.168.122.61:80->192.168.122.10:80')).toMatchObject({ upper_threshold: 10, lower_threshold: 0 });
  });

  it('reads services with the attribute conventions', () => {
    expect(attrsOf(resources, 'tcp:192.168.122.51:443')).toEqual({
      family: 'inet', protocol: 'tcp', address: '192.168.122.51', port: 443, fwmark: null, scheduler: 'wrr',
      persistent: true, persistence_timeout: 300, persistence_netmask: '255.255.255.0', persistence_engine: null,
      one_packet: false, scheduler_flags: [],
    });
    expect(attrsOf(resources, 'tcp:192.168.122.67:0')).toMatchObject({ persistent: true, persistence_timeout: 360 });
    expect(attrsOf(resources, 'udp:192.168.122.66:5060')).toMatchObject({ persistence_engine: 'sip', persistence_timeout: 60 });
    expect(attrsOf(resources, 'udp:192.168.122.52:53')).toMatchObject({ one_packet: true, scheduler: 'lc' });
    expect(attrsOf(resources, 'tcp:192.168.122.59:80')).toMatchObject({ scheduler: 'nq', scheduler_flags: ['flag-3'] });
    expect(attrsOf(resources, 'tcp:192.168.122.65:80')).toMatchObject({ scheduler_flags: ['flag-1', 'flag-2', 'flag-3'] });
    expect(attrsOf(resources, 'tcp:[2001:db8:1::51]:443')).toMatchObject({ family: 'inet6', persistence_netmask: '64', scheduler_flags: ['sh-port'] });
    expect(attrsOf(resources, 'fwmark6:3')).toMatchObject({ family: 'inet6', fwmark: 3, persistence_netmask: '64' });
    expect(attrsOf(resources, 'fwmark:2')).toMatchObject({ persistence_timeout: 1800, persistence_netmask: '255.255.0.0' });
    expect(attrsOf(resources, 'sctp:[2001:db8:1::53]:9000')).toMatchObject({ protocol: 'sctp', scheduler: 'nq' });
  });

  it('reads tunnel destinations with defaults made explicit', () => {
    expect(attrsOf(resources, 'tcp:192.168.122.54:80->10.1.0.20:80')).toMatchObject({ tunnel_type: 'ipip', tunnel_port: null, tunnel_checksum: null });
    expect(attrsOf(resources, 'tcp:192.168.122.55:80->10.1.0.23:80')).toMatchObject({ tunnel_type: 'gue', tunnel_port: 6083, tunnel_checksum: 'remcsum' });
    expect(attrsOf(resources, 'tcp:192.168.122.56:80->10.1.0.20:80')).toMatchObject({ tunnel_type: 'gre', tunnel_checksum: 'nocsum' });
    expect(attrsOf(resources, 'tcp:192.168.122.60:80->192.168.122.20:80')).toMatchObject({ weight: 65535, tunnel_type: null });
    expect(attrsOf(resources, 'fwmark:1->10.1.0.30:8080')).toMatchObject({ forwarding: 'nat', weight: 2 });
    expect(attrsOf(resources, 'fwmark6:3->[2001:db8:1::10]:0')).toMatchObject({ forwarding: 'dr' });
  });

  it('keys every row with thresholds by a destination -Sn lists; rows of 0 and 0 are not kept', () => {
    const dests = new Set(resources.filter((r) => r.type === 'ipvs_destination').map((r) => r.id));
    const rows = fixture('captured/rich/ipvsadm-Ln-thresholds.txt').split('\n').map((l) => l.trim().split(/\s+/)).filter((t) => t[0] === '->' && /^\d+$/.test(t[2] ?? ''));
    const withThresholds = rows.filter((t) => t[2] !== '0' || t[3] !== '0');
    expect(withThresholds.length).toBeGreaterThan(1);
    expect(rows.length).toBeGreaterThan(withThresholds.length);
    expect([...th.thresholds.keys()].filter((k) => dests.has(k))).toHaveLength(withThresholds.length);
    expect(th.thresholds.size).toBe(withThresholds.length);
  });
});
