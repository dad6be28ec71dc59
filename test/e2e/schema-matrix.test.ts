import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api/lab.js';
import { fixture, lvsplanExpect, output } from './support/apply-support.js';
import { changed, parsePlan } from './support/plan-json.js';
import { useResetLab } from './support/use-reset-lab.js';

// Every attribute and value class of the resource schemas on the real kernel: matrix-a applies them,
// matrix-b changes each in place, destroy puts the hosts back byte for byte.
const A = fixture('schema-matrix-a');
const B = fixture('schema-matrix-b');
const HOSTS = ['director', 'lvs01', 'lvs02'] as const;
const SYSCTLS = '^net\\.(ipv4\\.(conf\\.(all|lo|eth0)\\.arp_(ignore|announce)|ip_forward|vs\\.)|ipv6\\.conf\\.all\\.forwarding)';

async function snapshot(l: Lab): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const h of HOSTS) {
    const ipvs = (await l.exec(h, ['ipvsadm', '-Sn'])).stdout;
    const thresholds = (await l.exec(h, ['ipvsadm', '-Ln', '--thresholds'])).stdout;
    const addrs = await l.mustExec(h, ['ip', '-o', 'addr', 'show']);
    const sysctls = await l.mustExec(h, ['sysctl', '-e', '-a', '--pattern', SYSCTLS]);
    out[h] = `# ipvsadm -Sn\n${ipvs}# thresholds\n${thresholds}# ip -o addr\n${addrs}# sysctl\n${sysctls}`;
  }
  return out;
}

async function expectNoChanges(l: Lab, dir: string): Promise<void> {
  const r = await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', dir], 0);
  expect(output(r)).toContain('No changes. Your infrastructure matches the configuration.');
}

describe('schema matrix on the real kernel', () => {
  const l = useResetLab();

  it('applies every feature, reads it back unchanged, changes each attribute in place, and destroys to the starting state', async () => {
    const before = await snapshot(l);

    await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', A], 0);
    await expectNoChanges(l, A);
    const save = await l.ipvsSave();
    for (const line of [
      '-A -u 192.168.122.51:53 -s sh -p 2678400 -M 255.255.255.0 --pe sip -o -b sh-fallback,sh-port',
      '-a --sctp-service 192.168.122.52:3868 -r 10.1.0.20:3868 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum',
      '-a --sctp-service 192.168.122.52:3868 -r 10.1.0.21:3868 -i -w 1 --tun-type gre --tun-csum',
      '-a -t 192.168.122.50:80 -r 192.168.122.20:80 -g -w 2147483647',
    ]) expect(save, save).toContain(line);
    // Debian's ipvsadm 1.31 prints a fwmark as a signed int (upstream prints it unsigned since e61c8cd).
    expect(save, save).toMatch(/^-A -f (-1|4294967295) -6 -s fo$/m);

    const plan = await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-json', B], 2);
    const actions = changed(parsePlan(plan.stdout)).map((c) => `${c.change.actions.join(',')} ${c.address}`);
    expect(actions.filter((a) => !a.startsWith('update ')), actions.join('\n')).toEqual([]);
    expect(actions.length).toBeGreaterThanOrEqual(20);

    await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', B], 0);
    await expectNoChanges(l, B);

    await lvsplanExpect(l, ['destroy', '-auto-approve', '-no-color', B], 0);
    expect(await snapshot(l)).toEqual(before);
  });
});
