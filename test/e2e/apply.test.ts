import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useResetLab } from './support/use-reset-lab.js';
import { driftByHand } from './support/drift.js';
import { expectRoundRobin } from './support/seed-cluster.js';
import { snapshotHosts } from './support/snapshot.js';

const EXAMPLE = 'examples/lvs-dr';
const HOSTILE = 'test/e2e/fixtures/hostile';
const MARKER = '/tmp/lvsplan-pwned';

describe('lvsplan apply and destroy over SSH against the lab', () => {
  const l = useResetLab();


  it('refuses hostile config values at validation and runs nothing on any host', async () => {
    const validate = await l.lvsplan(['validate', '-json', HOSTILE]);
    expect(validate.code).toBe(1);
    const diagnostics = (JSON.parse(validate.stdout) as { diagnostics: { severity: string; range?: { filename: string; start: { line: number; column: number } } }[] }).diagnostics;
    expect(diagnostics).toHaveLength(7);
    for (const d of diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.range?.filename).toBe(`${HOSTILE}/main.hcl`);
      expect(d.range?.start.line).toBeGreaterThan(0);
      expect(d.range?.start.column).toBeGreaterThan(0);
    }

    const apply = await l.lvsplan(['apply', '-auto-approve', '-no-color', HOSTILE]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/on test\/e2e\/fixtures\/hostile\/main\.hcl line \d+/);
    for (const host of ['client', 'director', 'lvs01', 'lvs02', 'lvs03']) {
      expect((await l.exec(host, ['test', '-e', MARKER])).code, `${MARKER} on ${host}`).toBe(1);
    }
    expect(await l.ipvsSave()).toBe('');
  });

  it('destroy returns every host byte for byte to its state before the first apply', async () => {
    await l.mustExec('lvs01', ['sysctl', '-w', 'net.ipv4.conf.all.arp_announce=1']);
    await l.mustExec('lvs02', ['sysctl', '-w', 'net.ipv4.conf.lo.arp_ignore=2']);
    const before = await snapshotHosts(l);

    const apply = await l.lvsplan(['apply', '-auto-approve', '-no-color', EXAMPLE]);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(await l.sysctl('lvs01', 'net.ipv4.conf.all.arp_announce')).toBe('2');
    expect(await l.ipvsSave()).toContain(l.vip);

    const destroy = await l.lvsplan(['destroy', '-auto-approve', '-no-color', EXAMPLE]);
    expect(destroy.code, destroy.stderr + destroy.stdout).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: \d+ destroyed\./);
    expect(await snapshotHosts(l)).toEqual(before);
  });

  it('builds the seed cluster from empty hosts; plan then shows nothing and a second apply changes nothing', async () => {
    await l.reset();
    const apply = await l.lvsplan(['apply', '-auto-approve', '-no-color', EXAMPLE]);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 6 added, 8 changed, 0 destroyed.');
    await expectRoundRobin(l);

    const plan = await l.lvsplan(['plan', '-detailed-exitcode', '-no-color', EXAMPLE]);
    expect(plan.code, plan.stderr + plan.stdout).toBe(0);

    const again = await l.lvsplan(['apply', '-auto-approve', '-no-color', EXAMPLE]);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain('0 added, 0 changed, 0 destroyed');
  });

  it('repairs hand-made drift; plan then exits 0', async () => {
    await driftByHand(l);
    const apply = await l.lvsplan(['apply', '-auto-approve', '-no-color', EXAMPLE]);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 0 added, 3 changed, 1 destroyed.');
    expect(await l.ipvsSave()).not.toContain(l.address('lvs03'));
    expect(await l.sysctl('lvs02', 'net.ipv4.conf.all.arp_ignore')).toBe('1');

    const plan = await l.lvsplan(['plan', '-detailed-exitcode', '-no-color', EXAMPLE]);
    expect(plan.code, plan.stderr + plan.stdout).toBe(0);
    await expectRoundRobin(l);
  });

  it('refuses a saved plan made stale by a hand change and changes nothing', async () => {
    const service = `${l.vip}:80`;
    await l.mustExec('director', ['ipvsadm', '-e', '-t', service, '-r', `${l.address('lvs02')}:80`, '-g', '-w', '4']);
    const planFile = join(mkdtempSync(join(tmpdir(), 'lvsplan-e2e-')), 'p');
    const plan = await l.lvsplan(['plan', '-no-color', `-out=${planFile}`, EXAMPLE]);
    expect(plan.code, plan.stderr + plan.stdout).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');

    await l.mustExec('director', ['ipvsadm', '-E', '-t', service, '-s', 'wlc']);
    const before = await snapshotHosts(l);
    const apply = await l.lvsplan(['apply', '-no-color', planFile]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Saved plan is stale');
    expect(await snapshotHosts(l)).toEqual(before);
  });
});
