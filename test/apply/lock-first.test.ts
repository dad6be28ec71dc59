import { describe, expect, it } from 'vitest';
import { takeApplyLocks } from '../../src/apply/apply-locks.js';
import { executePlan } from '../../src/apply/execute-plan.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { Cluster, desired, hostSpecs } from './support/cluster.js';

/** apply -auto-approve: every host locked (its holder reading it) before planning, the plan made from those reads. */
async function lockFirst(c: Cluster) {
  const deps = c.deps();
  const locks = await takeApplyLocks(hostSpecs, { ...deps, parallelism: 10 });
  const reads = locks.takeReads();
  /** How often a fingerprint of what the plan was made from was asked for. */
  const fingerprinted = { count: 0 };
  const observed = hostSpecs.map((h) => {
    const r = deps.reader.parse(h, reads.get(h.name)!);
    if (!r.ok) throw new Error(r.error);
    const { fingerprint, ...read } = r.observed;
    const counted = {
      ...read,
      get fingerprint() {
        fingerprinted.count++;
        return fingerprint;
      },
    };
    locks.setPlanned(h.name, counted);
    return counted;
  });
  const plan = computePlan({ desired: desired(), hosts: hostSpecs, observed, drainTimeouts: {}, mode: 'apply', createdAt: '2024-01-01T00:00:00Z' });
  return { locks, plan, deps, fingerprinted };
}

describe('locks taken before planning (apply -auto-approve)', () => {
  it('applies from the reads the plan was made from: one lock and no read of its own per host, released by the caller', async () => {
    const c = new Cluster();
    const { locks, plan, deps, fingerprinted } = await lockFirst(c);
    for (const h of c.hosts.values()) expect(h.lockOwner).not.toBeNull();
    const result = await executePlan(plan, { ...deps, locks, savedPlan: true });
    expect(result.exitCode).toBe(0);
    // Neither parsed nor fingerprinted again: the plan's own read, under a lock held since, cannot be stale.
    expect(fingerprinted.count).toBe(0);
    expect(c.host('lvs01').remoteCommands()).toEqual(['lock']);
    expect(c.host('lvs01').holderRequests).toEqual(['steps(state-write,sysctl,sysctl,ip,read)', 'state checked']);
    expect(c.host('lvs-dr').remoteCommands()[0]).toBe('lock');
    expect(c.host('lvs-dr').remoteCommands().filter((x) => x === 'lock' || x === 'read')).toEqual(['lock']);
    // Held until the caller lets go.
    for (const h of c.hosts.values()) expect(h.lockOwner).not.toBeNull();
    await locks.release();
    for (const h of c.hosts.values()) expect(h.lockOwner).toBeNull();
  });

  it('a read is handed out once: a second apply under the same locks reads the hosts again', async () => {
    const c = new Cluster();
    const { locks, plan, deps } = await lockFirst(c);
    await executePlan(plan, { ...deps, locks });
    for (const h of c.hosts.values()) h.remote.length = 0;
    const again = await c.plan(desired({ weight: { lvs01: 3 } }));
    for (const h of c.hosts.values()) h.remote.length = 0;
    const result = await executePlan(again, { ...deps, locks, savedPlan: true });
    expect(result.exitCode).toBe(0);
    expect(c.host('lvs-dr').remoteCommands()[0]).toBe('read');
    expect(c.host('lvs-dr').remoteCommands()).not.toContain('lock');
    await locks.release();
  });

  it('another apply holding one host: every lock taken is let go and the set says busy', async () => {
    const c = new Cluster();
    c.host('lvs02').lockOwner = 'other';
    c.host('lvs02').files.set('/run/lvsplan.lock', 'pid 1 on elsewhere');
    const locks = await takeApplyLocks(hostSpecs, { ...c.deps({ lockTimeoutMs: 0 }), parallelism: 10 });
    expect(locks.busy).toBe(true);
    expect(locks.failures.map((f) => f.host)).toEqual(['lvs02']);
    expect(locks.held.size).toBe(0);
    for (const h of ['lvs-dr', 'lvs01']) expect(c.host(h).lockOwner).toBeNull();
  });

  it('a lock lost while planning fails that host in the apply, and the others still apply', async () => {
    const c = new Cluster();
    const { locks, plan, deps } = await lockFirst(c);
    locks.loseLock('lvs02', 'the lock holder process ended: exit 255');
    const result = await executePlan(plan, { ...deps, locks });
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics.map((d) => d.summary)).toContain('Apply lock lost on lvs02');
    expect(c.host('lvs02').remoteCommands()).toEqual(['lock']);
    expect(result.skipped.some((o) => o.change.host === 'lvs02')).toBe(true);
    expect(result.applied.some((o) => o.change.host === 'lvs02')).toBe(false);
    expect(c.host('lvs01').sysctls.get('net.ipv4.conf.all.arp_ignore')).toBe('1');
    await locks.release();
  });

  it('a host the set could not lock is locked by the apply itself', async () => {
    const c = new Cluster();
    const deps = c.deps();
    const locks = await takeApplyLocks(hostSpecs.filter((h) => h.name !== 'lvs01'), { ...deps, parallelism: 10 });
    const plan = await c.plan(desired());
    for (const h of c.hosts.values()) h.remote.length = 0;
    const result = await executePlan(plan, { ...deps, locks });
    expect(result.exitCode).toBe(0);
    expect(c.host('lvs01').remoteCommands()[0]).toBe('lock');
    expect(c.host('lvs01').lockOwner).toBeNull();
    expect(c.host('lvs02').lockOwner).not.toBeNull();
    await locks.release();
  });
});
