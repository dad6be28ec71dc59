import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import { STATE_WRITE_ARGV } from '../../src/apply/state-write.js';
import { Cluster, desired, RS, SVC, VIP } from './support/cluster.js';

const addresses = (xs: { change: { host: string; address: string } }[]) => xs.map((o) => `${o.change.host} ${o.change.address}`).sort();
const pending = async (c: Cluster) =>
  (await c.plan(desired())).changes.filter((x) => x.action !== 'no-op').map((x) => `${x.host} ${x.address} ${x.action}`).sort();

describe('failures during apply', () => {
  it('finds a kernel error in the middle of a batch from stderr although ipvsadm exits 0', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs-dr').kernelError = (line) => (line.startsWith('-a') && line.includes(RS.lvs01!) ? 'Memory allocation problem' : null);
    const result = await executePlan(plan, c.deps());

    expect(c.host('lvs-dr').batches()[1]).toHaveLength(2);
    const failed = result.failed.find((o) => o.change.id === `${SVC}->${RS.lvs01}:80`);
    expect(failed?.message).toBe('ipvsadm: Memory allocation problem');
    expect(result.applied.map((o) => o.change.id)).toContain(`${SVC}->${RS.lvs02}:80`);
    // The director is out of the run after the failure: its VIP is not bound.
    expect(addresses(result.skipped)).toEqual([`lvs-dr director.lvs-dr.address["${VIP}/32"]`]);
    expect(c.host('lvs-dr').addresses.has(`eth0/${VIP}`)).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics.some((d) => d.summary === 'Apply incomplete' && d.detail!.includes('Memory allocation problem'))).toBe(true);

    const recorded = c.host('lvs-dr').stateRecord()!.managed.map((m) => m.id).sort();
    expect(recorded).toEqual([SVC, `${SVC}->${RS.lvs02}:80`].sort());
    c.host('lvs-dr').kernelError = () => null;
    expect(await pending(c)).toEqual([
      `lvs-dr director.lvs-dr.address["${VIP}/32"] create`,
      `lvs-dr virtual_server.web.backend["lvs01"] create`,
    ]);
  });

  it('changes no sysctl of a real server when its original values cannot be recorded first', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    const before = new Map(c.host('lvs01').sysctls);
    c.host('lvs01').failArgv = (argv) => (argv.join(' ') === STATE_WRITE_ARGV.join(' ') ? 'No space left on device' : null);
    const result = await executePlan(plan, c.deps());

    const lvs01 = result.failed.filter((o) => o.change.host === 'lvs01');
    expect(lvs01.length).toBeGreaterThan(0);
    for (const o of lvs01) expect(o.message).toMatch(/^original sysctl values could not be recorded first, so nothing was changed: recording the original sysctl values in .*No space left on device/);
    expect(c.host('lvs01').sysctls).toEqual(before);
    expect(c.host('lvs01').commands().filter((x) => x.startsWith('sysctl') || x.startsWith('ip addr'))).toEqual([]);
    expect(c.host('lvs01').addresses.has(`lo/${VIP}`)).toBe(false);
  });

  it('reports with the host a state record its lock holder could not write, keeping the originals recorded first', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    let writes = 0;
    // The first write is the step's (the originals), the second the lock holder's after the step.
    c.host('lvs01').failArgv = (argv) => (argv.join(' ') === STATE_WRITE_ARGV.join(' ') && ++writes === 2 ? 'No space left on device' : null);
    const result = await executePlan(plan, c.deps());

    expect(c.host('lvs01').holderRequests).toEqual(['steps(state-write,sysctl,sysctl,ip,read)', 'state checked']);
    const d = result.diagnostics.find((x) => x.summary === 'State record not written on lvs01');
    expect(d?.detail).toMatch(/^These changes took but are not recorded: .*realserver\.lvs01\.address/);
    expect(d?.detail).toMatch(/writing \/var\/lib\/lvsplan\/state\.json: exit 1: No space left on device$/);
    expect(c.host('lvs01').stateRecord()).toMatchObject({ managed: [], originalSysctls: { 'net.ipv4.conf.all.arp_ignore': '0' } });
    expect(c.host('lvs01').addresses.has(`lo/${VIP}`)).toBe(true);
    expect(result.exitCode).toBe(1);
  });

  it('completes independent hosts when a real server fails and skips what depends on it', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs01').failArgv = (argv) => (argv[0] === 'sysctl' ? 'sysctl: permission denied on key "net.ipv4.conf.all.arp_ignore"' : null);
    const result = await executePlan(plan, c.deps());

    expect(addresses(result.failed)).toEqual(['lvs01 realserver.lvs01.sysctl["net.ipv4.conf.all.arp_announce"]']);
    expect(result.failed[0]!.message).toContain('permission denied');
    expect(addresses(result.skipped)).toEqual(
      [`lvs-dr virtual_server.web.backend["lvs01"]`, `lvs01 realserver.lvs01.address["lo/${VIP}"]`, 'lvs01 realserver.lvs01.sysctl["net.ipv4.conf.all.arp_ignore"]'].sort(),
    );
    expect(result.skipped.find((o) => o.change.host === 'lvs-dr')!.message).toMatch(/^real server lvs01 was not prepared/);
    // lvs01 never got the VIP on lo while it still answers ARP.
    expect(c.host('lvs01').addresses.has(`lo/${VIP}`)).toBe(false);
    expect(c.host('lvs01').commands().filter((x) => x.startsWith('sysctl'))).toHaveLength(1);
    expect(addresses(result.applied)).toContain(`lvs-dr director.lvs-dr.address["${VIP}/32"]`);
    expect(addresses(result.applied)).toContain(`lvs-dr virtual_server.web.backend["lvs02"]`);
    expect(result.exitCode).toBe(1);

    c.host('lvs01').failArgv = () => null;
    expect(await pending(c)).toEqual([
      `lvs-dr virtual_server.web.backend["lvs01"] create`,
      `lvs01 realserver.lvs01.address["lo/${VIP}"] create`,
      'lvs01 realserver.lvs01.sysctl["net.ipv4.conf.all.arp_announce"] update',
      'lvs01 realserver.lvs01.sysctl["net.ipv4.conf.all.arp_ignore"] update',
    ]);
  });

  it('treats an unreachable host as failed without stopping the others', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs02').unreachable = true;
    const result = await executePlan(plan, c.deps());
    expect(new Set(result.failed.map((o) => o.change.host))).toEqual(new Set(['lvs02']));
    expect(result.failed[0]!.message).toMatch(/Connection refused/);
    expect(addresses(result.skipped)).toEqual([`lvs-dr virtual_server.web.backend["lvs02"]`]);
    expect(c.host('lvs-dr').resources().filter((r) => r.type === 'ipvs_destination').map((r) => r.id)).toEqual([`${SVC}->${RS.lvs01}:80`]);
    expect(c.host('lvs-dr').addresses.has(`eth0/${VIP}`)).toBe(true);
    expect(result.exitCode).toBe(1);
  });

  it('does not bind the VIP when no backend could be configured', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    for (const rs of Object.keys(RS)) c.host(rs).unreachable = true;
    const result = await executePlan(plan, c.deps());
    const vip = result.skipped.find((o) => o.change.address === `director.lvs-dr.address["${VIP}/32"]`);
    expect(vip?.message).toBe(`no backend of ${SVC} could be configured`);
    expect(c.host('lvs-dr').addresses.has(`eth0/${VIP}`)).toBe(false);
    expect(result.applied.map((o) => o.change.address)).toEqual(['virtual_server.web']);
  });

  it('reports a change undone after it was applied when verifying by re-reading', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    const dr = c.host('lvs-dr');
    let batches = 0;
    dr.afterBatch = () => {
      batches += 1;
      // Something else on the director (a keepalived) rewrites the service after lvsplan's second batch.
      if (batches === 2) for (const s of dr.services.values()) s.opts = ['-s', 'wlc'];
    };
    const result = await executePlan(plan, c.deps());
    const diag = result.diagnostics.find((d) => d.summary === 'Verification failed on lvs-dr');
    expect(diag?.detail).toContain('virtual_server.web: tcp:192.168.122.50:80: scheduler is "wlc", expected "rr"');
    expect(result.failed.map((o) => o.change.address)).toEqual(['virtual_server.web']);
    expect(result.exitCode).toBe(1);
    expect(c.events.some((e) => e.kind === 'verify' && e.host === 'lvs-dr' && !e.ok)).toBe(true);
  });

  it('fails a change the kernel silently did not take, naming the difference', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    const dr = c.host('lvs-dr');
    dr.afterBatch = () => {
      for (const s of dr.services.values()) for (const [r, o] of s.dests) s.dests.set(r, o.map((t, i) => (o[i - 1] === '-w' ? '1' : t)));
    };
    const result = await executePlan(await c.plan(desired({ weight: { lvs01: 3 } })), c.deps());
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.message).toBe(`did not take: ${SVC}->${RS.lvs01}:80: weight is 1, expected 3`);
    expect(dr.stateRecord()!.managed.find((m) => m.id === `${SVC}->${RS.lvs01}:80`)!.attrs.weight).toBe(1);
  });
});
