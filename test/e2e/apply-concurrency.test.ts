import { describe, expect, it } from 'vitest';
import { useResetLab } from './support/use-reset-lab.js';
import { destinations, LVS_DR, lvsplanExpect, output } from './support/apply-support.js';

describe('two applies started together', () => {
  const l = useResetLab();


  it('one applies, the other waits or fails cleanly; the cluster ends as configured', async () => {
    const runs = await Promise.all([0, 1].map(() => l.lvsplan(['apply', '-auto-approve', '-no-color', LVS_DR])));
    const codes = runs.map((r) => r.code);
    console.log(`concurrency: exit codes ${codes.join(', ')}`);
    for (const r of runs) expect([0, 1], output(r)).toContain(r.code);
    expect(codes).toContain(0);
    for (const r of runs.filter((x) => x.code === 1)) {
      expect(output(r)).toMatch(/Error acquiring the apply lock|Hosts changed during apply/);
      expect(output(r)).toMatch(/Nothing was changed/);
      expect(output(r)).not.toMatch(/^\s+at /m);
    }
    const dests = await destinations(l);
    expect([...dests.keys()].sort()).toEqual([l.address('lvs01'), l.address('lvs02')]);
    await lvsplanExpect(l, ['plan', '-detailed-exitcode', LVS_DR], 0);
  });
});
