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

  it('reads rows separated by tabs or with other spacing as the tokenizer does', () => {
    const text = [...HEAD, 'TCP  10.0.0.1:80 wlc', '\t->\t10.200.0.1:8080\t0\t0\t0\t0', ' -> 10.200.0.2:8080 00 5', '  -> 10.200.0.3:8080 0 0'].join('\n');
    const t = parseIpvsThresholds(text);
    expect(t.problems).toEqual([]);
    expect([...t.thresholds]).toEqual([['tcp:10.0.0.1:80->10.200.0.2:8080', { upper: 0, lower: 5 }]]);
  });
});
