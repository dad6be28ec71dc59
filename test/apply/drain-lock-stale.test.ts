import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import type { DesiredResource } from '../../src/model/resource.js';
import { LOCK_PATH } from '../../src/model/state-record.js';
import { Cluster, desired, RS, SVC, VIP } from './support/cluster.js';

async function applied(): Promise<Cluster> {
  const c = new Cluster();
  const r = await executePlan(await c.plan(desired()), c.deps());
  expect(r.exitCode).toBe(0);
  c.events.length = 0;
  return c;
}

const lvs02Dest = `${SVC}->${RS.lvs02}:80`;

describe('drain', () => {
  it('sets weight 0, waits for connections to reach 0, then deletes; the real server is cleaned up after', async () => {
    const c = await applied();
    const dr = c.host('lvs-dr');
    dr.activeConns = (id, poll) => (id === lvs02Dest ? Math.max(0, 3 - poll) : 7);
    const before = dr.batches().length;
    const plan = await c.plan(desired({ backends: ['lvs01'] }));
    expect(plan.changes.find((x) => x.id === lvs02Dest)?.drain).toEqual({ timeoutSeconds: 30 });

    const result = await executePlan(plan, c.deps());
    expect(result.exitCode).toBe(0);
    expect(dr.batches().slice(before)).toEqual([
      [`-e -t ${VIP}:80 -r ${RS.lvs02}:80 -g -w 0 -x 0 -y 0`],
      [`-d -t ${VIP}:80 -r ${RS.lvs02}:80`],
    ]);
    const draining = c.events.flatMap((e) => (e.kind === 'draining' ? [e.active] : []));
    expect(draining).toEqual([3, 2, 1]);
    expect(c.events.some((e) => e.kind === 'drain-timeout')).toBe(false);

    // The real server keeps its VIP on lo and ARP sysctls until the destination is gone.
    const deleted = c.events.findIndex((e) => e.kind === 'complete' && e.change.id === lvs02Dest);
    const rsCleanup = c.events.findIndex((e) => e.kind === 'start' && e.change.host === 'lvs02');
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(rsCleanup).toBeGreaterThan(deleted);
    const rs = c.host('lvs02');
    expect(rs.addresses.has(`lo/${VIP}`)).toBe(false);
    expect(rs.sysctls.get('net.ipv4.conf.all.arp_ignore')).toBe('0');
    expect(rs.stateRecord()).toEqual({ version: 1, managed: [], originalSysctls: {}, updatedAt: expect.any(String) });
    expect(result.counts).toEqual({ added: 0, changed: 2, destroyed: 2 });
  });

  it('waits for InActConn too on a TCP service (closing connections), as kube-proxy does', async () => {
    const c = await applied();
    const dr = c.host('lvs-dr');
    dr.activeConns = () => 0;
    dr.inactiveConns = (id, poll) => (id === lvs02Dest ? Math.max(0, 2 - poll) : 9);
    const result = await executePlan(await c.plan(desired({ backends: ['lvs01'] })), c.deps());
    expect(result.exitCode).toBe(0);
    const draining = c.events.flatMap((e) => (e.kind === 'draining' ? [[e.active, e.inactive]] : []));
    expect(draining).toEqual([
      [0, 2],
      [0, 1],
    ]);
    expect(dr.resources().some((r) => r.id === lvs02Dest)).toBe(false);
  });

  it('deletes after the drain timeout when connections stay', async () => {
    const c = await applied();
    c.host('lvs-dr').activeConns = () => 5;
    const start = c.clock.now();
    const result = await executePlan(await c.plan(desired({ backends: ['lvs01'] }), 'apply', { [SVC]: 3 }), c.deps());
    expect(result.exitCode).toBe(0);
    expect(c.events.filter((e) => e.kind === 'drain-timeout').map((e) => (e.kind === 'drain-timeout' ? e.active : null))).toEqual([5]);
    expect(c.clock.now() - start).toBeGreaterThanOrEqual(3000);
    expect(c.host('lvs-dr').resources().some((r) => r.id === lvs02Dest)).toBe(false);
  });

  it('warns when a drain timeout deletes a DR destination with closing connections, unless reused ports are scheduled again', async () => {
    const hazard = (r: Awaited<ReturnType<typeof executePlan>>) => r.diagnostics.filter((d) => d.summary.startsWith('Closing connections left on deleted destinations'));
    const c = await applied();
    c.host('lvs-dr').activeConns = () => 0;
    c.host('lvs-dr').inactiveConns = () => 4;
    const exposed = await executePlan(await c.plan(desired({ backends: ['lvs01'] }), 'apply', { [SVC]: 3 }), c.deps());
    expect(exposed.exitCode).toBe(0);
    expect(hazard(exposed)).toHaveLength(1);
    expect(hazard(exposed)[0]).toMatchObject({ severity: 'warning', detail: expect.stringContaining('virtual_server.web.backend["lvs02"] with 4 closing connections') });

    const reuse = (value: string): DesiredResource => ({
      host: 'lvs-dr', type: 'sysctl', id: 'net.ipv4.vs.conn_reuse_mode', address: 'director.lvs-dr.sysctl["net.ipv4.vs.conn_reuse_mode"]', attrs: { name: 'net.ipv4.vs.conn_reuse_mode', value },
    });
    for (const [value, warned] of [['3', 0], ['1', 1]] as const) {
      const d = await applied();
      d.host('lvs-dr').sysctls.set('net.ipv4.vs.conn_reuse_mode', '1');
      d.host('lvs-dr').activeConns = () => 0;
      d.host('lvs-dr').inactiveConns = () => 4;
      const r = await executePlan(await d.plan([...desired({ backends: ['lvs01'] }), reuse(value)], 'apply', { [SVC]: 3 }), d.deps());
      expect(r.exitCode, value).toBe(0);
      expect(hazard(r), value).toHaveLength(warned);
    }
  });

  it('keeps the real server prepared when the destination could not be removed', async () => {
    const c = await applied();
    c.host('lvs-dr').kernelError = (line) => (line.startsWith('-d') ? 'No such destination' : null);
    const result = await executePlan(await c.plan(desired({ backends: ['lvs01'] })), c.deps());
    expect(result.failed.map((o) => o.change.id)).toEqual([lvs02Dest]);
    expect(new Set(result.skipped.map((o) => o.change.host))).toEqual(new Set(['lvs02']));
    expect(result.skipped[0]!.message).toBe(`virtual_server.web.backend["lvs02"] on lvs-dr still points at lvs02`);
    expect(c.host('lvs02').addresses.has(`lo/${VIP}`)).toBe(true);
  });
});

describe('locks', () => {
  it('fails after the lock timeout naming the holder, and changes nothing anywhere', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    const dr = c.host('lvs-dr');
    dr.lockOwner = 'someone-else';
    dr.files.set(LOCK_PATH, 'pid 999 on laptop-7, started 2024-01-01T09:00:00.000Z\n');
    const result = await executePlan(plan, c.deps({ lockTimeoutMs: 2000 }));
    expect(result.exitCode).toBe(1);
    const diag = result.diagnostics.find((d) => d.summary === 'Error acquiring the apply lock on lvs-dr');
    expect(diag?.detail).toContain('pid 999 on laptop-7, started 2024-01-01T09:00:00.000Z');
    expect(result.applied).toEqual([]);
    for (const h of c.hosts.values()) {
      expect(h.commands().filter((x) => !x.startsWith('sh lvsplan-lock') && x !== 'fake-read' && !x.startsWith('test ') && !x.startsWith('rm '))).toEqual([]);
      if (h.name !== 'lvs-dr') expect(h.lockOwner).toBeNull();
    }
    expect(dr.lockOwner).toBe('someone-else');
  });

  it('serialises two applies of one saved plan: the second waits, then finds the plan stale', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    const [a, b] = await Promise.all([
      executePlan(plan, c.deps({ savedPlan: true, token: 'aaaa', holder: 'apply A', lockTimeoutMs: 600_000 })),
      executePlan(plan, c.deps({ savedPlan: true, token: 'bbbb', holder: 'apply B', lockTimeoutMs: 600_000 })),
    ]);
    const results = [a, b].sort((x, y) => x.exitCode - y.exitCode);
    expect(results.map((r) => r.exitCode)).toEqual([0, 1]);
    expect(results[1]!.diagnostics[0]!.summary).toBe('Saved plan is stale');
    expect(c.host('lvs-dr').batches()).toHaveLength(2);
  });
});

describe('saved plans', () => {
  it('refuses a stale plan before changing anything', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs02').sysctls.set('net.ipv4.conf.all.arp_ignore', '2');
    const result = await executePlan(plan, c.deps({ savedPlan: true }));
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics[0]!.summary).toBe('Saved plan is stale');
    expect(result.diagnostics[0]!.detail).toContain('lvs02');
    expect(result.applied).toEqual([]);
    expect(result.skipped.every((o) => o.message === 'the apply did not start')).toBe(true);
    expect(c.host('lvs-dr').batches()).toEqual([]);
  });

  it('applies a saved plan whose hosts are unchanged', async () => {
    const c = new Cluster();
    const result = await executePlan(await c.plan(desired()), c.deps({ savedPlan: true }));
    expect(result.exitCode).toBe(0);
  });
});

describe('destroy', () => {
  it('removes what lvsplan manages in reverse order and restores sysctls from the record', async () => {
    const c = await applied();
    c.host('lvs01').sysctls.set('net.ipv4.conf.all.arp_announce', '2');
    const result = await executePlan(await c.plan(desired(), 'destroy'), c.deps());
    expect(result.mode).toBe('destroy');
    expect(result.exitCode).toBe(0);
    expect(result.counts.destroyed).toBe(6);
    expect(c.host('lvs-dr').services.size).toBe(0);
    expect(c.host('lvs-dr').addresses.has(`eth0/${VIP}`)).toBe(false);
    for (const rs of Object.keys(RS)) {
      expect(c.host(rs).sysctls.get('net.ipv4.conf.all.arp_ignore')).toBe('0');
      expect(c.host(rs).stateRecord()!.managed).toEqual([]);
      expect(c.host(rs).stateRecord()!.originalSysctls).toEqual({});
    }
    expect(c.host('lvs-dr').stateRecord()!.managed).toEqual([]);
    const vipGone = c.events.findIndex((e) => e.kind === 'complete' && e.change.id === `eth0/${VIP}`);
    const svcGone = c.events.findIndex((e) => e.kind === 'complete' && e.change.id === SVC);
    const loGone = c.events.findIndex((e) => e.kind === 'complete' && e.change.id === `lo/${VIP}`);
    expect(svcGone).toBeLessThan(vipGone);
    expect(vipGone).toBeLessThan(loGone);
  });
});
