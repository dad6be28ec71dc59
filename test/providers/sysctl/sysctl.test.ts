import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sysctlNameError, sysctlPath } from '../../../providers/sysctl/name.js';
import { parseSysctlRead, sysctlReadArgv, sysctlsToResources } from '../../../providers/sysctl/read.js';
import { normaliseSysctlValue } from '../../../providers/sysctl/value.js';
import { sysctlWriteArgv } from '../../../providers/sysctl/write.js';

describe('sysctl names', () => {
  it('maps dots to slashes and a slash to a dot inside a component', () => {
    expect(sysctlPath('net.ipv4.conf.all.arp_ignore')).toBe('/proc/sys/net/ipv4/conf/all/arp_ignore');
    expect(sysctlPath('net.ipv4.conf.eth0/100.rp_filter')).toBe('/proc/sys/net/ipv4/conf/eth0.100/rp_filter');
  });

  it.each(['net', 'net..ipv4', 'net.ipv4.conf.all.arp ignore', 'net.ipv4.conf./.x', 'net.ipv4.conf.//.x', '../etc/passwd', 'net.ipv4;rm', 'Net.ipv4.x', 'net.ipv4.conf.all.arp_ignore\n'])(
    'refuses %j',
    (name) => {
      expect(sysctlNameError(name)).not.toBeNull();
      expect(sysctlWriteArgv(name, '1').ok).toBe(false);
    },
  );
});

describe('sysctl values', () => {
  it('normalises blanks and tabs', () => {
    expect(normaliseSysctlValue('3\t50\n')).toBe('3 50');
    expect(normaliseSysctlValue('  4096 \t 87380   6291456 ')).toBe('4096 87380 6291456');
  });

  it('builds sysctl -q -w with the normalised value', () => {
    expect(sysctlWriteArgv('net.ipv4.conf.all.arp_ignore', '1')).toEqual({ ok: true, value: ['sysctl', '-q', '-w', 'net.ipv4.conf.all.arp_ignore=1'] });
    expect(sysctlWriteArgv('net.ipv4.vs.sync_threshold', '3\t 50')).toEqual({ ok: true, value: ['sysctl', '-q', '-w', 'net.ipv4.vs.sync_threshold=3 50'] });
  });

  it.each(['', ' ', '1\n0', 'x\u0000', 'caf\u00e9', 'a\rb'])('refuses value %j', (v) => {
    expect(sysctlWriteArgv('net.ipv4.ip_forward', v).ok).toBe(false);
  });
});

describe('reading sysctls', () => {
  it('parses present and missing lines into resources', () => {
    const r = parseSysctlRead('V\tnet.ipv4.ip_forward\t1 \nM\tnet.ipv4.conf.tunl0.rp_filter\nV\tnet.ipv4.vs.sync_threshold\t3\t50 \nbogus\n');
    expect([...r.values]).toEqual([['net.ipv4.ip_forward', '1'], ['net.ipv4.vs.sync_threshold', '3 50']]);
    expect(r.missing).toEqual(['net.ipv4.conf.tunl0.rp_filter']);
    expect(r.problems).toHaveLength(1);
    expect(sysctlsToResources('rs1', r.values)[0]).toEqual({ host: 'rs1', type: 'sysctl', id: 'net.ipv4.ip_forward', attrs: { name: 'net.ipv4.ip_forward', value: '1' } });
  });

  it('reads real /proc/sys values through the generated argv (names never enter the script text)', () => {
    const names = ['net.ipv4.ip_forward', 'net.ipv4.conf.lo.arp_ignore', 'net.ipv4.conf.nosuchif0.arp_ignore'];
    const built = sysctlReadArgv(names);
    if ('error' in built) throw new Error(built.error);
    for (const n of names) expect(built.argv[2]).not.toContain(n);
    const [cmd, ...args] = built.argv;
    const r = parseSysctlRead(execFileSync(cmd!, args, { encoding: 'utf8' }));
    expect(r.values.get('net.ipv4.ip_forward')).toBe(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim());
    expect(r.values.get('net.ipv4.conf.lo.arp_ignore')).toBe(readFileSync('/proc/sys/net/ipv4/conf/lo/arp_ignore', 'utf8').trim());
    expect(r.missing).toEqual(['net.ipv4.conf.nosuchif0.arp_ignore']);
  });

  it('refuses to build a read for an invalid name', () => {
    expect(sysctlReadArgv(['net.ipv4.ip_forward', '$(reboot)'])).toHaveProperty('error');
  });
});
