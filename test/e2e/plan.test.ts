import { describe, expect, it } from 'vitest';
import { useResetLab } from './support/use-reset-lab.js';
import { changed, parsePlan } from './support/plan-json.js';
import { driftByHand } from './support/drift.js';
import { buildSeedCluster } from './support/seed-cluster.js';

const EXAMPLE = 'examples/lvs-dr';
const SHORT_TIMEOUT = 'test/e2e/fixtures/short-timeout';
const SHORT_TIMEOUT_SECONDS = 8;

describe('lvsplan plan over SSH against the lab', () => {
  const l = useResetLab();
  let slowestPlanMs = 0;

  const timedPlan = async (args: string[]) => {
    const started = Date.now();
    const r = await l.lvsplan(['plan', ...args]);
    return { ...r, ms: Date.now() - started };
  };


  it('on empty hosts lists every resource of the seed cluster and exits 2', async () => {
    const r = await timedPlan(['-detailed-exitcode', '-no-color', EXAMPLE]);
    slowestPlanMs = Math.max(slowestPlanMs, r.ms);
    expect(r.code, r.stderr).toBe(2);
    const created = [
      'director.lvs-dr.address["192.168.122.50/32"]',
      'realserver.lvs01.address["lo/192.168.122.50"]',
      'realserver.lvs02.address["lo/192.168.122.50"]',
      'virtual_server.web',
      'virtual_server.web.backend["lvs01"]',
      'virtual_server.web.backend["lvs02"]',
    ];
    for (const address of created) expect(r.stdout).toContain(`# ${address} will be created`);
    for (const rs of ['lvs01', 'lvs02']) {
      for (const name of ['all.arp_ignore', 'lo.arp_ignore', 'all.arp_announce', 'lo.arp_announce']) {
        expect(r.stdout).toContain(`# realserver.${rs}.sysctl["net.ipv4.conf.${name}"] will be updated in-place`);
      }
    }
    expect(r.stdout).toContain('Plan: 6 to add, 8 to change, 0 to destroy.');
  });

  it('reports no changes for the seed cluster built by hand with its own scripts', async () => {
    await buildSeedCluster(l);
    const r = await timedPlan(['-detailed-exitcode', '-no-color', EXAMPLE]);
    slowestPlanMs = Math.max(slowestPlanMs, r.ms);
    expect(r.stdout + r.stderr).toContain('No changes. Your infrastructure matches the configuration.');
    expect(r.code, r.stderr).toBe(0);
  });

  it('names exactly the four drifted objects after hand edits', async () => {
    await driftByHand(l);
    const r = await timedPlan(['-detailed-exitcode', '-json', EXAMPLE]);
    slowestPlanMs = Math.max(slowestPlanMs, r.ms);
    expect(r.code, r.stderr).toBe(2);
    const changes = changed(parsePlan(r.stdout));
    const byAddress = new Map(changes.map((c) => [c.address, c]));
    expect(changes).toHaveLength(4);

    const service = byAddress.get('virtual_server.web');
    expect(service?.change.actions).toEqual(['update']);
    expect(service?.change.before?.scheduler).toBe('wrr');
    expect(service?.change.after?.scheduler).toBe('rr');

    const lvs01 = byAddress.get('virtual_server.web.backend["lvs01"]');
    expect(lvs01?.change.actions).toEqual(['update']);
    expect(lvs01?.change.before?.weight).toBe(3);
    expect(lvs01?.change.after?.weight).toBe(1);

    const arp = byAddress.get('realserver.lvs02.sysctl["net.ipv4.conf.all.arp_ignore"]');
    expect(arp?.change.actions).toEqual(['update']);
    expect(arp?.change.before?.value).toBe('0');
    expect(arp?.change.after?.value).toBe('1');

    const extra = changes.find((c) => c.change.actions.includes('delete'));
    expect(extra?.change.actions).toEqual(['delete']);
    expect(extra?.type).toBe('ipvs_destination');
    expect(extra?.change.before?.address).toBe(l.address('lvs03'));
    expect(extra?.change.after).toBeNull();
  });

  it('exits 1 naming an unreachable host, within the connect timeout', async () => {
    await l.cutLink('lvs02');
    try {
      const r = await timedPlan(['-no-color', SHORT_TIMEOUT]);
      console.log(`plan: unreachable host took ${(r.ms / 1000).toFixed(1)}s (timeout ${SHORT_TIMEOUT_SECONDS}s; slowest healthy plan ${(slowestPlanMs / 1000).toFixed(1)}s)`);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/lvs02|192\.168\.122\.20/);
      expect(r.stderr).toMatch(/Timed out connecting|unreachable|timed out/i);
      // A healthy plan's own cost (slow SSH under emulation) plus the timeout, plus a margin.
      expect(r.ms).toBeLessThan(slowestPlanMs + SHORT_TIMEOUT_SECONDS * 1000 + 15_000);
    } finally {
      await l.restoreLink('lvs02');
    }
  });
});
