import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import { HELD_RATELIMIT, ICMP_RATELIMIT } from '../../src/apply/scheduler-switch.js';
import { Cluster, desired } from './support/cluster.js';

const icmpAndBatches = (c: Cluster) => c.host('lvs-dr').commands().filter((x) => x.includes(ICMP_RATELIMIT) || x === 'ipvsadm -R');

describe('a scheduler switch holds back ICMP refusals on the director while its batch runs', () => {
  it('raises icmp_ratelimit around the batch that switches, and puts the original back', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    const dr = c.host('lvs-dr');
    dr.sysctls.set(ICMP_RATELIMIT, '250');
    dr.log.length = 0;

    const result = await executePlan(await c.plan(desired({ service: { scheduler: 'wrr' } })), c.deps());
    expect(result.exitCode).toBe(0);
    // The check for a limit an interrupted run left raised is the lock holder's: no command of its own.
    expect(icmpAndBatches(c)).toEqual([
      `sysctl -n ${ICMP_RATELIMIT}`,
      `sysctl -q -w ${ICMP_RATELIMIT}=${HELD_RATELIMIT}`,
      'ipvsadm -R',
      `sysctl -q -w ${ICMP_RATELIMIT}=250`,
    ]);
    expect(dr.sysctls.get(ICMP_RATELIMIT)).toBe('250');
  });

  it('leaves the rate limit alone for changes that keep the scheduler', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    c.host('lvs-dr').sysctls.set(ICMP_RATELIMIT, '1000');
    await executePlan(await c.plan(desired({ weight: { lvs01: 3 } })), c.deps());
    expect(icmpAndBatches(c).filter((x) => x.includes(ICMP_RATELIMIT) && x.includes(' -w '))).toEqual([]);
    expect(c.host('lvs-dr').sysctls.get(ICMP_RATELIMIT)).toBe('1000');
  });

  it('restores the kernel default when an earlier run died holding the limit', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    c.host('lvs-dr').sysctls.set(ICMP_RATELIMIT, HELD_RATELIMIT);
    await executePlan(await c.plan(desired({ service: { scheduler: 'wrr' } })), c.deps());
    expect(c.host('lvs-dr').sysctls.get(ICMP_RATELIMIT)).toBe('1000');
  });

  it('puts back a limit an interrupted run left raised, at the next apply that touches the director, and says so', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    c.host('lvs-dr').sysctls.set(ICMP_RATELIMIT, HELD_RATELIMIT);
    const result = await executePlan(await c.plan(desired({ weight: { lvs01: 3 } })), c.deps());
    expect(result.exitCode).toBe(0);
    expect(c.host('lvs-dr').sysctls.get(ICMP_RATELIMIT)).toBe('1000');
    expect(result.diagnostics.map((d) => d.summary)).toContain('ICMP rate limit restored on lvs-dr');
  });

  it('puts it back without locks too (-lock=false), with commands of its own', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    const dr = c.host('lvs-dr');
    dr.sysctls.set(ICMP_RATELIMIT, HELD_RATELIMIT);
    dr.log.length = 0;
    const result = await executePlan(await c.plan(desired({ weight: { lvs01: 3 } })), c.deps({ lock: false }));
    expect(result.exitCode).toBe(0);
    expect(dr.sysctls.get(ICMP_RATELIMIT)).toBe('1000');
    expect(icmpAndBatches(c)).toEqual([`sysctl -n ${ICMP_RATELIMIT}`, `sysctl -q -w ${ICMP_RATELIMIT}=1000`, 'ipvsadm -R']);
    expect(result.diagnostics.map((d) => d.summary)).toContain('ICMP rate limit restored on lvs-dr');
  });
});
