import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConnCounts } from '../../src/apply/active-conns.js';
import { executePlan } from '../../src/apply/execute-plan.js';
import { plainProgress, ttyProgress } from '../../src/apply/progress-view.js';
import { renderApplySummary } from '../../src/apply/progress-summary.js';
import { elapsed } from '../../src/apply/progress-words.js';
import { Cluster, desired, RS, SVC, VIP } from './support/cluster.js';

function buffer(isTTY: boolean) {
  let text = '';
  return { out: { write: (s: string) => void (text += s), isTTY }, text: () => text };
}

/** What a terminal shows: lines, where "cursor up + clear line" removes the last line. */
function screen(raw: string): string[] {
  const lines: string[] = [];
  for (const part of raw.split(/(\x1b\[1A\x1b\[2K)/)) {
    if (part === '\x1b[1A\x1b[2K') lines.pop();
    else lines.push(...part.split('\n').slice(0, -1));
  }
  return lines;
}

describe('progress view', () => {
  it('prints Terraform-style plain lines and the apply summary', async () => {
    const c = new Cluster();
    const b = buffer(false);
    const view = plainProgress(b.out);
    const result = await executePlan(await c.plan(desired()), c.deps({ events: (e) => view.onEvent(e) }));
    const lines = b.text().split('\n');
    expect(lines).toContain('lvs-dr: virtual_server.web: Creating...');
    expect(lines).toContain('lvs-dr: virtual_server.web: Creation complete after 0s');
    expect(lines).toContain('lvs01: realserver.lvs01.sysctl["net.ipv4.conf.all.arp_ignore"]: Modifications complete after 0s');
    expect(lines.indexOf('lvs-dr: virtual_server.web: Creating...')).toBeGreaterThan(lines.indexOf('lvs01: realserver.lvs01.address["lo/192.168.122.50"]: Creation complete after 0s'));
    expect(renderApplySummary(result)).toBe('\nApply complete! Resources: 6 added, 4 changed, 0 destroyed.\n');
  });

  it('reports draining progress and a destroy summary', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    c.host('lvs-dr').activeConns = (_id, poll) => (poll < 2 ? 1 : 0);
    const b = buffer(false);
    const view = plainProgress(b.out);
    const result = await executePlan(await c.plan(desired(), 'destroy'), c.deps({ events: (e) => view.onEvent(e) }));
    expect(b.text()).toContain(`lvs-dr: virtual_server.web.backend["lvs01"]: Draining... (1 active connection, 0 inactive, 1s of 30s)`);
    expect(b.text()).toContain('lvs-dr: virtual_server.web: Destruction complete after');
    expect(b.text()).toContain(`lvs02: realserver.lvs02.sysctl["net.ipv4.conf.all.arp_ignore"]: Restore complete after`);
    expect(renderApplySummary(result)).toBe('\nDestroy complete! Resources: 6 destroyed.\n');
  });

  it('lists what was applied and what was not, with why, when an apply fails', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs02').unreachable = true;
    const result = await executePlan(plan, c.deps());
    const text = renderApplySummary(result);
    expect(text).toContain('Apply failed. Resources: 4 added, 2 changed, 0 destroyed.');
    expect(text).toContain('Applied (6):\n  - lvs01: realserver.lvs01.address["lo/192.168.122.50"]');
    expect(text).toContain(`  - lvs-dr: virtual_server.web.backend["lvs02"]: skipped: real server lvs02 was not prepared`);
    expect(text).toMatch(/ {2}- lvs02: realserver\.lvs02\.address\["lo\/192\.168\.122\.50"\]: failed: .*Connection refused/);
    expect(text).toContain('Error: Apply incomplete');
  });

  it('keeps in-progress lines at the bottom of a TTY and leaves only finished lines', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    c.host('lvs-dr').activeConns = (_id, poll) => (poll < 3 ? 2 : 0);
    const b = buffer(true);
    const view = ttyProgress(b.out);
    let midway: string[] = [];
    await executePlan(await c.plan(desired({ backends: ['lvs01'] })), c.deps({
      events: (e) => {
        view.onEvent(e);
        if (e.kind === 'draining') midway = screen(b.text());
      },
    }));
    expect(midway.at(-1)).toMatch(/^. lvs-dr: virtual_server\.web\.backend\["lvs02"\]: Draining\.\.\. \(2 active connections/);
    view.close();
    const final = screen(b.text());
    expect(final.every((l) => !l.includes('Draining') && !l.includes('...'))).toBe(true);
    expect(final).toContain(`lvs-dr: virtual_server.web.backend["lvs02"]: Destruction complete after 3s`);
  });
});

describe('words and parsing', () => {
  it('formats elapsed time like Terraform', () => {
    expect([elapsed(0), elapsed(59_999), elapsed(65_000)]).toEqual(['0s', '59s', '1m5s']);
  });

  it('reads ActiveConn and InActConn from the captured ipvsadm -Ln --thresholds output', () => {
    const text = readFileSync(new URL('../fixtures/captured/rich/ipvsadm-Ln-thresholds.txt', import.meta.url), 'utf8');
    const counts = parseConnCounts(text);
    const rows = text.split('\n').filter((l) => l.trim().startsWith('->') && !l.includes('RemoteAddress'));
    expect(counts.size).toBe(rows.length);
    expect(parseConnCounts(`TCP  ${VIP}:80 rr\n  -> ${RS.lvs01}:80  0  0  17  4\n`)).toEqual(new Map([[`${SVC}->${RS.lvs01}:80`, { active: 17, inactive: 4 }]]));
    expect(parseConnCounts('FWM  7 IPv6 wlc\n  -> [2001:db8::2]:0  0 0 3 0\n')).toEqual(new Map([['fwmark6:7->[2001:db8::2]:0', { active: 3, inactive: 0 }]]));
  });
});
