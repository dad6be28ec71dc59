import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { Cluster, desired, hostSpecs, RS, VIP } from '../apply/support/cluster.js';

async function converged(): Promise<Cluster> {
  const c = new Cluster();
  const first = await executePlan(await c.plan(desired()), c.deps());
  expect(first.exitCode).toBe(0);
  return c;
}

async function planWithReplace(c: Cluster, replace: string[]) {
  return computePlan({ desired: desired(), hosts: hostSpecs, observed: await c.observe(), drainTimeouts: {}, mode: 'apply', replace, createdAt: '2024-01-01T00:00:00Z' });
}

describe('-replace=ADDR', () => {
  it('turns an in-sync destination into a delete and create, and apply does exactly that', async () => {
    const c = await converged();
    const plan = await planWithReplace(c, ['virtual_server.web.backend["lvs01"]']);
    const real = plan.changes.filter((x) => x.action !== 'no-op');
    expect(real.map((x) => [x.address, x.action, x.reason])).toEqual([['virtual_server.web.backend["lvs01"]', 'replace', 'replace_by_request']]);
    const before = c.host('lvs-dr').batches().length;
    const result = await executePlan(plan, c.deps());
    expect(result.exitCode).toBe(0);
    expect(c.host('lvs-dr').batches().slice(before)).toEqual([[`-d -t ${VIP}:80 -r ${RS.lvs01}:80`, `-a -t ${VIP}:80 -r ${RS.lvs01}:80 -g -w 1 -x 0 -y 0`]]);
  });

  it('replaces a service with its destinations, which are created again after it', async () => {
    const c = await converged();
    const plan = await planWithReplace(c, ['virtual_server.web']);
    const real = plan.changes.filter((x) => x.action !== 'no-op').map((x) => `${x.action} ${x.address}`);
    expect(real).toEqual(['replace virtual_server.web', 'create virtual_server.web.backend["lvs01"]', 'create virtual_server.web.backend["lvs02"]']);
    const result = await executePlan(plan, c.deps());
    expect(result.exitCode).toBe(0);
    const after = await computePlan({ desired: desired(), hosts: hostSpecs, observed: await c.observe(), drainTimeouts: {}, mode: 'apply' });
    expect(after.changes.filter((x) => x.action !== 'no-op')).toEqual([]);
  });

  it('leaves an address that matches no existing service or destination unmatched', async () => {
    const c = new Cluster();
    const plan = await planWithReplace(c, ['virtual_server.web']);
    expect(plan.changes.some((x) => x.reason === 'replace_by_request')).toBe(false);
  });
});
