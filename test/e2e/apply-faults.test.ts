import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, type Lab } from '../lab/api/lab.js';
import { destinations, LVS_DR, lvsplanExpect, output, seconds } from './support/apply-support.js';

describe('a real server unreachable at apply time', () => {
  let l: Lab;
  let dir: string;

  beforeAll(async () => {
    l = lab();
    await l.reset();
    dir = mkdtempSync(join(tmpdir(), 'lvsplan-faults-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await l.restoreLink('lvs02');
    await l.reset();
  });

  it('reports what was and was not applied, never routes to the unready server, and converges once it is back', async () => {
    const planFile = join(dir, 'p');
    await lvsplanExpect(l, ['plan', '-out', planFile, LVS_DR], 0);
    const before = await l.ipvsSave();
    await l.cutLink('lvs02');
    const started = Date.now();
    const r = await lvsplanExpect(l, ['apply', '-no-color', planFile], 1);
    const elapsed = Date.now() - started;
    const text = output(r);
    console.log(`faults: apply with lvs02 unreachable exited 1 after ${seconds(elapsed)}`);
    expect(text).toMatch(/lvs02/);
    expect(text).toMatch(/Apply failed\. Resources: \d+ added, \d+ changed, \d+ destroyed\.|Saved plan is stale/);
    expect(text).not.toMatch(/^\s+at /m);
    expect((await destinations(l)).has(l.address('lvs02'))).toBe(false);
    const after = await l.ipvsSave();
    if (/Saved plan is stale/.test(text)) expect(after).toBe(before);

    await l.restoreLink('lvs02');
    await lvsplanExpect(l, ['apply', '-auto-approve', LVS_DR], 0);
    await lvsplanExpect(l, ['plan', '-detailed-exitcode', LVS_DR], 0);
    expect([...(await destinations(l)).keys()].sort()).toEqual([l.address('lvs01'), l.address('lvs02')]);
  });
});
