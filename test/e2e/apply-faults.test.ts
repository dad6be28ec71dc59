import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api/lab.js';
import { useResetLab } from './support/use-reset-lab.js';
import { destinations, fixture, LVS_DR, lvsplanExpect, output, seconds } from './support/apply-support.js';

describe('a real server unreachable at apply time', () => {
  const l = useResetLab();
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lvsplan-faults-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
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

// A destination for a real server is only acceptable once that server holds the VIP on lo and ignores ARP for it.
async function routedWhileUnready(l: Lab, rs: string): Promise<string | null> {
  if (!(await destinations(l)).has(l.address(rs))) return null;
  const lo = (await l.exec(rs, ['ip', '-o', 'addr', 'show', 'dev', 'lo'])).stdout;
  const ignore = await l.sysctl(rs, 'net.ipv4.conf.all.arp_ignore');
  const announce = await l.sysctl(rs, 'net.ipv4.conf.all.arp_announce');
  const ready = lo.includes(` ${l.vip}/32 `) && ignore === '1' && announce === '2';
  return ready ? null : `destination for ${rs} present while lo has [${lo.trim()}], arp_ignore=${ignore}, arp_announce=${announce}`;
}

describe('a real server whose link is cut in the middle of an apply', () => {
  const l = useResetLab();

  it('fails with exit 1, says what was and was not applied, never routes to lvs02 unready, and converges after', async () => {
    const violations: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const v = await routedWhileUnready(l, 'lvs02');
        if (v) violations.push(v);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    let cut: Promise<void> | null = null;
    let seen = '';
    const started = Date.now();
    const r = await l.lvsplan(['apply', '-auto-approve', '-no-color', fixture('short-timeout')], {
      onStdout: (chunk) => {
        seen += chunk;
        if (cut === null && /^lvs02: .*: (Creating|Modifying)\.\.\.$/m.test(seen)) cut = l.cutLink('lvs02');
      },
    });
    watching = false;
    await watcher;
    const text = output(r);
    console.log(`faults: link cut when lvs02's first change started; apply exited ${r.code} after ${seconds(Date.now() - started)}\n${text}`);

    expect(cut, 'lvs02 never started a change').not.toBeNull();
    expect(r.code, text).toBe(1);
    expect(text).toMatch(/Apply failed\. Resources: \d+ added, \d+ changed, \d+ destroyed\./);
    expect(text).toMatch(/^lvs01: .*: Creation complete/m);
    expect(text).toMatch(/^Applied \(\d+\):$/m);
    expect(text).toMatch(/^Not applied \(\d+\):$/m);
    expect(text).toMatch(/^ {2}- lvs-dr: virtual_server\.web\.backend\["lvs02"\]: skipped: real server lvs02 was not prepared/m);
    expect(text).not.toMatch(/^\s+at /m);
    expect(violations).toEqual([]);
    expect((await destinations(l)).has(l.address('lvs02'))).toBe(false);
    expect(await l.curl('client', `http://${l.vip}/`, 2)).toEqual(['lvs01 host!', 'lvs01 host!']);

    // The cut apply could not release lvs02's lock; its lease (60 s without renewal) frees it.
    await l.restoreLink('lvs02');
    const restored = Date.now();
    await lvsplanExpect(l, ['apply', '-auto-approve', '-lock-timeout', '120s', LVS_DR], 0);
    console.log(`faults: after the link came back, the next apply (-lock-timeout 120s, the lost apply's lease being at most 60 s) finished after ${seconds(Date.now() - restored)}`);
    await lvsplanExpect(l, ['plan', '-detailed-exitcode', LVS_DR], 0);
    expect([...(await destinations(l)).keys()].sort()).toEqual([l.address('lvs01'), l.address('lvs02')]);
  });
});
