import { describe, expect, it } from 'vitest';
import { parseIpvsSave } from '../../../providers/ipvs/parse-save.js';
import type { Attrs } from '../../../src/model/resource.js';
import { fixture } from '../fixture.js';

/** The services read, each with the attributes of the destinations that follow it. */
function read(text: string): { services: (Attrs & { destinations: Attrs[] })[]; problems: string[] } {
  const { resources, problems } = parseIpvsSave(text, 'd');
  const services = resources.filter((r) => r.type === 'ipvs_service').map((r) => ({ ...r.attrs, destinations: resources.filter((d) => d.type === 'ipvs_destination' && d.attrs.service === r.id).map((d) => d.attrs) }));
  expect(resources.every((r) => r.host === 'd')).toBe(true);
  return { services, problems };
}

describe('parseIpvsSave on the reference example (§1.6)', () => {
  const { services, problems } = read(fixture('providers/ipvs/reference-example-Sn.txt'));

  it('reads every service and destination without problems', () => {
    expect(problems).toEqual([]);
    expect(services.map((s) => s.address ?? `fwmark ${s.fwmark}`)).toEqual([
      '10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1', '2001:db8::1', 'fwmark 10', 'fwmark 11',
    ]);
    expect(services.reduce((n, s) => n + s.destinations.length, 0)).toBe(9);
  });

  it('reads persistence with a dotted-quad mask', () => {
    const s = services[1]!;
    expect(s).toMatchObject({ protocol: 'tcp', port: 443, scheduler: 'rr', persistent: true, persistence_timeout: 360, persistence_netmask: '255.255.255.0' });
    expect(s.destinations[0]).toMatchObject({ address: '192.168.10.1', port: 8443, forwarding: 'nat', weight: 5 });
  });

  it('reads one-packet, scheduler flags and the three tunnel types', () => {
    const s = services[2]!;
    expect(s).toMatchObject({ protocol: 'udp', scheduler: 'sh', persistence_timeout: 300, one_packet: true, scheduler_flags: ['sh-fallback', 'sh-port'] });
    expect(s.destinations.map((d) => [d.tunnel_type, d.tunnel_port, d.tunnel_checksum])).toEqual([
      ['ipip', null, null],
      ['gue', 6080, 'nocsum'],
      ['gre', null, 'csum'],
    ]);
  });

  it('reads --sctp-service, IPv6 in brackets and fwmark services with -6 and prefix masks', () => {
    expect(services[3]).toMatchObject({ protocol: 'sctp', port: 3868, family: 'inet' });
    expect(services[4]).toMatchObject({ family: 'inet6', address: '2001:db8::1', scheduler_flags: ['mh-fallback'] });
    expect(services[4]!.destinations[0]).toMatchObject({ service: 'tcp:[2001:db8::1]:80', address: '2001:db8::10', forwarding: 'nat' });
    expect(services[5]).toMatchObject({ fwmark: 10, family: 'inet', protocol: null, address: null, port: null });
    expect(services[5]!.destinations[0]).toMatchObject({ port: 0, forwarding: 'dr' });
    expect(services[6]).toMatchObject({ fwmark: 11, family: 'inet6', persistence_netmask: '64', scheduler: 'wrr' });
  });
});

describe('parseIpvsSave variants (§8)', () => {
  const { services, problems } = read(fixture('providers/ipvs/variants-crlf-Sn.txt'));

  it('accepts CRLF line ends', () => {
    expect(problems).toEqual([]);
    expect(services).toHaveLength(4);
  });

  it('reads an ipvsadm <= 1.30 tunnel line (no --tun-type) as ipip', () => {
    expect(services[0]!.destinations[0]).toMatchObject({ forwarding: 'tunnel', tunnel_type: 'ipip', weight: 3 });
  });

  it('converts a negative fwmark (1.31 %d bug) back to uint32 and keeps -s none', () => {
    expect(services[1]).toMatchObject({ fwmark: 2882430849, scheduler: 'none' });
    expect(services[1]!.destinations).toHaveLength(1);
  });

  it('reads "-b " with an empty value on sh as flag-3', () => {
    expect(services[2]).toMatchObject({ scheduler: 'sh', scheduler_flags: ['flag-3'] });
  });

  it('reads :0 ports on a persistent service', () => {
    expect(services[3]).toMatchObject({ port: 0, persistent: true, persistence_timeout: 60 });
    expect(services[3]!.destinations[0]).toMatchObject({ port: 0 });
  });

  it('accepts bare -p as 360 and canonicalises IPv6 text', () => {
    const r = read('-A -t [2001:DB8:0:0::1]:80 -s rr -p\n');
    expect(r.services[0]).toMatchObject({ address: '2001:db8::1', persistence_timeout: 360 });
  });

  it('turns unknown lines and malformed values into problems, never throwing', () => {
    const r = read(
      [
        '# comment',
        '-A -t 10.0.0.1:80 -s rr --bogus',
        '-A -t 10.0.0.999:80 -s rr',
        '-A -t 10.0.0.2:80 -s rr',
        '-a -t 10.0.0.3:80 -r 10.1.0.1:80 -g -w 1',
        '-a -t 10.0.0.2:80 -r 10.1.0.1:80 -g -w x',
        '-a -t 10.0.0.2:80 -r 10.1.0.1:80 -m -w 1 --tun-type gre',
        '-A -t 10.0.0.2:80 -s rr',
        '-A -t 10.0.0.4:80 -s rr -b sh-port',
        '-A -f 0 -s rr',
        '-a -t 10.0.0.2:80 -r 10.1.0.2:80 -i -w 1 --tun-type gue',
      ].join('\n'),
    );
    expect(r.services.map((s) => s.address)).toEqual(['10.0.0.2']);
    expect(r.services[0]!.destinations).toEqual([]);
    expect(r.problems).toHaveLength(10);
    expect(r.problems[0]).toMatch(/^line 1: unknown line/);
    expect(r.problems[1]).toMatch(/^line 2: unexpected "--bogus"/);
    expect(r.problems[3]).toMatch(/^line 5: destination before its service/);
  });

  it('gives a destination the thresholds read for its id, else its line\'s -x/-y, else 0', () => {
    const text = ['-A -t 10.0.0.1:80 -s wlc', '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1', '-a -t 10.0.0.1:80 -r 10.1.0.2:80 -m -w 1 -x 30 -y 10', '-a -t 10.0.0.1:80 -r 10.1.0.3:80 -m -w 1'].join('\n');
    const { resources, problems } = parseIpvsSave(text, 'd', new Map([['tcp:10.0.0.1:80->10.1.0.1:80', { upper: 100, lower: 50 }]]));
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.id, r.attrs.upper_threshold, r.attrs.lower_threshold])).toEqual([
      ['tcp:10.0.0.1:80', undefined, undefined],
      ['tcp:10.0.0.1:80->10.1.0.1:80', 100, 50],
      ['tcp:10.0.0.1:80->10.1.0.2:80', 30, 10],
      ['tcp:10.0.0.1:80->10.1.0.3:80', 0, 0],
    ]);
  });

  it('reads the usual destination line (-a SVC -r ADDR:PORT -m|-g -w N) as it reads any other spelling of it', () => {
    const usual = ['-A -t 10.0.0.1:80 -s wlc', '-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 1', '-a -t 10.0.0.1:80 -r 10.1.0.2:80 -g -w 65535', '-A -f 7 -6 -s rr', '-a -f 7 -6 -r [2001:db8::1]:0 -g -w 0'];
    const spelled = usual.map((l) => (l.startsWith('-a') ? `${l.replace(/ /g, '\t ')} \r` : l));
    const a = parseIpvsSave(usual.join('\n'), 'd');
    const b = parseIpvsSave(spelled.join('\n'), 'd');
    expect(a.problems).toEqual([]);
    expect(b).toEqual(a);
    expect(a.resources.filter((r) => r.type === 'ipvs_destination').map((r) => [r.id, r.attrs.forwarding, r.attrs.weight])).toEqual([
      ['tcp:10.0.0.1:80->10.1.0.1:8080', 'nat', 1],
      ['tcp:10.0.0.1:80->10.1.0.2:80', 'dr', 65535],
      ['fwmark6:7->[2001:db8::1]:0', 'dr', 0],
    ]);
    const bad = parseIpvsSave(
      [
        '-A -t 10.0.0.1:80 -s wlc', '-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 1x', '-a -t 10.0.0.1:80 -r 10.1.0.300:8080 -m -w 1', '-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -i -w 1',
        '-a -t 10.0.0.1:80 -r 10.1.0.1:65536 -m -w 1', '-a -t 10.0.0.1:80 -r 10.1.0.1 -m -w 1', '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 2147483648', '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w ',
      ].join('\n'),
      'd',
    );
    expect(bad.problems).toEqual([
      'line 2: bad weight: -a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 1x',
      'line 3: bad real server address: -a -t 10.0.0.1:80 -r 10.1.0.300:8080 -m -w 1',
      'line 5: bad real server address: -a -t 10.0.0.1:80 -r 10.1.0.1:65536 -m -w 1',
      'line 6: bad real server address: -a -t 10.0.0.1:80 -r 10.1.0.1 -m -w 1',
      'line 7: bad weight: -a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 2147483648',
      'line 8: bad weight: -a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w',
    ]);
    expect(bad.resources.map((r) => r.attrs.forwarding ?? r.type)).toEqual(['ipvs_service', 'tunnel']);
  });

  it('reads nothing from empty output (no services)', () => {
    expect(parseIpvsSave('', 'd')).toEqual({ resources: [], problems: [] });
  });
});

describe('isCanonicalIPv4 fast path', async () => {
  const { parseAddrPort } = await import('../../../providers/ipvs/addr-port.js');
  const { isCanonicalIPv4 } = await import('../../../src/model/ip-address.js');
  it.each([['0.0.0.0', true], ['255.255.255.255', true], ['10.0.0.1', true], ['010.0.0.1', false], ['256.0.0.1', false], ['1.2.3', false], ['1.2.3.4.5', false], ['1..2.3', false], ['1.2.3.4 ', false], ['1000.1.1.1', false]])(
    '%s -> %s',
    (s, want) => expect(isCanonicalIPv4(s)).toBe(want),
  );
  it('still canonicalises what the fast path declines', () => {
    expect(parseAddrPort('[::ffff:10.0.0.1]:80')).toEqual({ address: '::ffff:10.0.0.1', family: 'inet6', port: 80 });
    expect(parseAddrPort('010.0.0.1:80')).toBeNull();
  });
});
