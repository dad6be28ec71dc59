import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api/lab.js';
import { useResetLab } from './support/use-reset-lab.js';
import { buildSeedCluster, expectRoundRobin } from './support/seed-cluster.js';

const MAC = /(?:[0-9a-f]{2}:){5}[0-9a-f]{2}/gi;

async function macOf(l: Lab, host: string): Promise<string> {
  return (await l.mustExec(host, ['cat', '/sys/class/net/eth0/address'])).trim().toLowerCase();
}

async function arpRepliesForVip(l: Lab): Promise<Set<string>> {
  const r = await l.exec('client', ['arping', '-i', 'eth0', '-c', '3', '-w', '1', l.vip]);
  return new Set((r.stdout.match(MAC) ?? []).map((m) => m.toLowerCase()));
}

describe('the seed cluster built by hand with its classic scripts', () => {
  const l = useResetLab();
  const started = Date.now();

  beforeAll(() => {
    console.log(`lab: topology ${l.topology.name} was ready at guest uptime ${l.topology.readyAtUptime}s`);
  });

  afterAll(() => {
    console.log(`lab: cluster-by-hand file took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  });

  it('answers four curls alternately from lvs01 and lvs02, both destinations routed', async () => {
    await buildSeedCluster(l);
    await expectRoundRobin(l);

    const table = await l.ipvsList();
    expect(table).toMatch(new RegExp(`TCP\\s+${l.vip.replaceAll('.', '\\.')}:80 rr`));
    for (const rs of ['lvs01', 'lvs02']) {
      expect(table).toMatch(new RegExp(`->\\s+${l.address(rs).replaceAll('.', '\\.')}:80\\s+Route\\s+1\\s`));
    }
    expect(await l.sysctl('lvs01', 'net.ipv4.conf.all.arp_ignore')).toBe('1');
    expect(await l.sysctl('lvs02', 'net.ipv4.conf.lo.arp_announce')).toBe('2');

    const replies = await arpRepliesForVip(l);
    expect(replies).toEqual(new Set([await macOf(l, 'director')]));
  });

  it('shows the DR failure mode when a real server keeps its ARP sysctls at 0', async () => {
    await l.reset();
    await buildSeedCluster(l, ['lvs02']);
    expect(await l.sysctl('lvs02', 'net.ipv4.conf.all.arp_ignore')).toBe('0');
    expect(await l.mustExec('lvs02', ['ip', '-o', 'addr', 'show', 'dev', 'lo'])).toContain(`${l.vip}/32`);

    const replies = await arpRepliesForVip(l);
    const lvs02 = await macOf(l, 'lvs02');
    expect(replies.has(lvs02)).toBe(true);
    expect(replies.has(await macOf(l, 'director'))).toBe(true);
    expect(replies.has(await macOf(l, 'lvs01'))).toBe(false);
  });
});
