import { describe, expect, it } from 'vitest';
import { parseIpvsThresholds } from '../../../providers/ipvs/parse-thresholds.js';

const HEAD = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn ',
  '  -> RemoteAddress:Port',
];
const row = (addr: string, u: string, l: string) => `  -> ${addr.padEnd(28)} ${u.padEnd(10)} ${l.padEnd(10)} 0          0         `;

describe('parseIpvsThresholds', () => {
  it('keeps only rows with a threshold, by destination id', () => {
    const text = [...HEAD, 'TCP  10.0.0.1:80 wlc', row('10.200.0.1:8080', '0', '0'), row('10.200.0.2:8080', '100', '0'), row('[2001:db8::1]:80', '0', '7'), ''].join('\n');
    const t = parseIpvsThresholds(text);
    expect(t.problems).toEqual([]);
    expect([...t.thresholds]).toEqual([
      ['tcp:10.0.0.1:80->10.200.0.2:8080', { upper: 100, lower: 0 }],
      ['tcp:10.0.0.1:80->[2001:db8::1]:80', { upper: 0, lower: 7 }],
    ]);
  });

  it('reports a row of zero thresholds whose address is unreadable, or that comes before any service', () => {
    const text = [...HEAD, row('10.200.0.1:8080', '0', '0'), 'TCP  10.0.0.1:80 wlc', row('10.200.0.300:8080', '0', '0'), row('10.200.0.3:8080', '0', '0')].join('\n');
    expect(parseIpvsThresholds(text).problems).toEqual([
      'line 4: destination row before any service: -> 10.200.0.1:8080              0          0          0          0',
      'line 6: bad destination row: -> 10.200.0.300:8080            0          0          0          0',
    ]);
  });

  it('reads each service line as the tokenizer does, whether the usual one read in place or any other', () => {
    const kept = row('10.200.0.9:80', '5', '0');
    const services = ['TCP  10.0.0.1:80 wlc', 'UDP 10.0.0.2:53', 'SCTP  10.0.0.3:9000 rr', 'TCP\t10.0.0.4:80\trr', ' TCP  10.0.0.5:80 wlc', 'TCP  10.0.0.6:80\r', 'TCP  [2001:db8::1]:80 rr', 'FWM  7 IPv6 wlc', 'TCP  010.0.0.7:80 wlc', 'TCP  10.0.0.8:99999 wlc', 'TCPX 10.0.0.9:80 wlc', 'TCP'];
    const t = parseIpvsThresholds([...HEAD, ...services.flatMap((s) => [s, kept])].join('\n'));
    expect([...t.thresholds.keys()]).toEqual([
      'tcp:10.0.0.1:80->10.200.0.9:80', 'udp:10.0.0.2:53->10.200.0.9:80', 'sctp:10.0.0.3:9000->10.200.0.9:80', 'tcp:10.0.0.4:80->10.200.0.9:80',
      'tcp:10.0.0.5:80->10.200.0.9:80', 'tcp:10.0.0.6:80->10.200.0.9:80', 'tcp:[2001:db8::1]:80->10.200.0.9:80', 'fwmark6:7->10.200.0.9:80',
    ]);
    // A service line refused leaves its rows without a service.
    expect(t.problems.map((p) => p.replace(/^(line \d+: [^:]*):.*/, '$1'))).toEqual([
      'line 20: bad service address', 'line 21: destination row before any service', 'line 22: bad service address', 'line 23: destination row before any service',
      'line 24: unknown line', 'line 25: destination row before any service', 'line 26: bad service address', 'line 27: destination row before any service',
    ]);
  });

  it('reads rows separated by tabs or with other spacing as the tokenizer does', () => {
    const text = [...HEAD, 'TCP  10.0.0.1:80 wlc', '\t->\t10.200.0.1:8080\t0\t0\t0\t0', ' -> 10.200.0.2:8080 00 5', '  -> 10.200.0.3:8080 0 0'].join('\n');
    const t = parseIpvsThresholds(text);
    expect(t.problems).toEqual([]);
    expect([...t.thresholds]).toEqual([['tcp:10.0.0.1:80->10.200.0.2:8080', { upper: 0, lower: 5 }]]);
  });
});
