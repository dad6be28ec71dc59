import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, type Lab } from '../lab/api/lab.js';
import { lvsplanExpect, output } from './support/apply-support.js';
import { buildSeedCluster, expectRoundRobin } from './support/seed-cluster.js';
import { useResetLab } from './support/use-reset-lab.js';

const KEEPALIVED_CONF = resolve(REPO_ROOT, 'test/fixtures/import/keepalived/lab/keepalived.conf');
const LDIRECTORD_CF = resolve(REPO_ROOT, 'test/fixtures/import/ldirectord/lab/ldirectord.cf');
/** Services and destinations ldirectord programs from LDIRECTORD_CF once every connect check passes. */
const LDIRECTORD_TABLE = { services: 3, destinations: 6 };
const KEEPALIVED_PID = '/run/lvsplan-test-keepalived.pid';
/** Services and destinations keepalived programs from KEEPALIVED_CONF once every checker passes. */
const KEEPALIVED_TABLE = { services: 6, destinations: 11 };

function configDir(hcl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-import-'));
  writeFileSync(join(dir, 'hosts.hcl'), hcl);
  return dir;
}

const DIRECTOR = `director "lvs-dr" {
  connection { host = "192.168.122.5" }
  bind_vips = false
}
`;
const REALSERVERS = ['lvs01', 'lvs02']
  .map((n, i) => `realserver "${n}" {\n  address = "192.168.122.${(i + 1) * 10}"\n  connection { host = "192.168.122.${(i + 1) * 10}" }\n}\n`)
  .join('\n');

/** The IPVS table in a form two directors can be compared by: -Sn lines sorted, and each destination's thresholds. */
async function table(l: Lab): Promise<{ save: string[]; thresholds: string[] }> {
  const save = (await l.ipvsSave()).split('\n').filter(Boolean).sort();
  const thresholds: string[] = [];
  let service = '';
  for (const line of (await l.ipvsList('director', ['--thresholds'])).split('\n')) {
    const svc = /^(TCP|UDP|SCTP|FWM)\s+(\S+)/.exec(line);
    if (svc) service = `${svc[1]} ${svc[2]}`;
    const dest = /^\s+->\s+(\S+)\s+(\d+)\s+(\d+)\s/.exec(line);
    if (dest) thresholds.push(`${service} -> ${dest[1]} upper=${dest[2]} lower=${dest[3]}`);
  }
  thresholds.sort();
  return { save, thresholds };
}

function counts(t: { save: string[] }): { services: number; destinations: number } {
  return { services: t.save.filter((l) => l.startsWith('-A ')).length, destinations: t.save.filter((l) => l.startsWith('-a ')).length };
}

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, seconds = 90): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)} after ${seconds}s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('lvsplan import against what keepalived programmed', () => {
  const l = useResetLab();

  it("keepalived's table: import -> plan No changes; converted -> apply on the emptied director -> the same table", async () => {
    // A NAT director forwards; keepalived's NAT service needs it as lvsplan's derived sysctl does.
    await l.mustExec('director', ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    await l.mustExec('director', ['keepalived', '--check', '--use-file', KEEPALIVED_CONF, '--pid', KEEPALIVED_PID, '--checkers_pid', `${KEEPALIVED_PID}.checkers`, '--log-console', '--log-detail']);
    let keepalived;
    try {
      keepalived = await waitFor('keepalived programming IPVS', () => table(l), (t) => counts(t).destinations === KEEPALIVED_TABLE.destinations);
      await new Promise((r) => setTimeout(r, 6000));
      keepalived = await table(l);
      expect(counts(keepalived), keepalived.save.join('\n')).toEqual(KEEPALIVED_TABLE);
      console.log(`keepalived programmed:\n${keepalived.save.join('\n')}\n${keepalived.thresholds.join('\n')}`);

      const live = configDir(`${DIRECTOR}\n${REALSERVERS}`);
      const imported = await lvsplanExpect(l, ['import', '-no-color', `-out=${join(live, 'imported.hcl')}`, live], 0);
      const hcl = readFileSync(join(live, 'imported.hcl'), 'utf8');
      console.log(`lvsplan import from the keepalived director:\n${hcl}\n${imported.stderr}`);
      expect(hcl).toContain('backend "lvs01"'); // NAT: nothing to set up on the real server, so it is named
      expect(hcl).toContain('lvs02 is a declared realserver, but it lacks'); // DR without the VIP on lo
      const plan = await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', live], 0);
      expect(output(plan)).toContain('No changes.');
      expect(await table(l)).toEqual(keepalived);
    } finally {
      await l.exec('director', ['sh', '-c', 'kill "$(cat "$1")"', 'stop-keepalived', KEEPALIVED_PID]);
    }
    const emptied = await waitFor('keepalived removing its services', () => table(l), (t) => t.save.length === 0, 30);
    expect(emptied.save).toEqual([]);

    const converted = configDir(DIRECTOR);
    const conv = await lvsplanExpect(l, [`-chdir=${converted}`, 'import', '-from=keepalived', '-no-color', '-out=keepalived.hcl', KEEPALIVED_CONF], 0);
    console.log(`lvsplan import -from=keepalived:\n${readFileSync(join(converted, 'keepalived.hcl'), 'utf8')}\n${conv.stderr}`);
    await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', converted], 0);
    const applied = await table(l);
    expect(applied).toEqual(keepalived);
    expect(output(await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', converted], 0))).toContain('No changes.');
  });
});

describe('lvsplan import against what ldirectord programmed', () => {
  const l = useResetLab();

  it("ldirectord's table: import -> plan No changes; converted -> apply on the emptied director -> the same table", async () => {
    await l.mustExec('director', ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    await l.mustExec('director', ['ldirectord', LDIRECTORD_CF, 'start']);
    let ldirectord;
    try {
      await waitFor('ldirectord programming IPVS', () => table(l), (t) => counts(t).destinations === LDIRECTORD_TABLE.destinations);
      await new Promise((r) => setTimeout(r, 5000));
      ldirectord = await table(l);
      expect(counts(ldirectord), ldirectord.save.join('\n')).toEqual(LDIRECTORD_TABLE);
      console.log(`ldirectord programmed:\n${ldirectord.save.join('\n')}\n${ldirectord.thresholds.join('\n')}`);
      const live = configDir(`${DIRECTOR}\n${REALSERVERS}`);
      await lvsplanExpect(l, ['import', '-no-color', `-out=${join(live, 'imported.hcl')}`, live], 0);
      expect(output(await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', live], 0))).toContain('No changes.');
    } finally {
      await l.exec('director', ['ldirectord', LDIRECTORD_CF, 'stop']);
    }
    const left = await table(l);
    if (left.save.length > 0) {
      console.log(`ldirectord stop left ${left.save.length} lines in the table; emptied with ipvsadm -C`);
      await l.mustExec('director', ['ipvsadm', '-C']);
    }
    const converted = configDir(DIRECTOR);
    await lvsplanExpect(l, [`-chdir=${converted}`, 'import', '-from=ldirectord', '-no-color', '-out=ldirectord.hcl', LDIRECTORD_CF], 0);
    console.log(`lvsplan import -from=ldirectord:\n${readFileSync(join(converted, 'ldirectord.hcl'), 'utf8')}`);
    await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', converted], 0);
    expect(await table(l)).toEqual(ldirectord);
  });
});

describe('lvsplan import of the seed cluster built by hand', () => {
  const l = useResetLab();

  it('import -> plan No changes -> a change to the generated HCL applies without a failed request', async () => {
    await buildSeedCluster(l);
    await expectRoundRobin(l);
    const dir = configDir(`director "lvs-dr" {\n  connection { host = "192.168.122.5" }\n  interface = "eth0"\n}\n\n${REALSERVERS}`);
    await lvsplanExpect(l, ['import', '-no-color', `-out=${join(dir, 'imported.hcl')}`, dir], 0);
    const hcl = readFileSync(join(dir, 'imported.hcl'), 'utf8');
    console.log(`lvsplan import of the seed cluster:\n${hcl}`);
    expect(hcl).toContain('for_each = toset(["lvs01", "lvs02"])');
    expect(output(await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', dir], 0))).toContain('No changes.');

    writeFileSync(join(dir, 'imported.hcl'), hcl.replace('scheduler  = "rr"', 'scheduler  = "wrr"'));
    const load = l.loadLoop({ seconds: 600 });
    await new Promise((r) => setTimeout(r, 2000));
    // A hitless scheduler switch under a client loop; under TCG on a loaded machine it took over 5 minutes.
    const apply = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', dir], 0, { timeoutMs: 900_000 });
    const tally = await load.stop();
    console.log(`apply of the edited import under load: ${JSON.stringify(tally)}\n${apply.stdout}`);
    expect(tally.failed).toBe(0);
    expect(tally.succeeded).toBeGreaterThan(0);
    expect(await l.ipvsSave()).toMatch(/-A -t 192\.168\.122\.50:80 -s wrr/);
    expect(new Set(await l.curl('client', `http://${l.vip}/`, 4))).toEqual(new Set(['lvs01 host!', 'lvs02 host!']));
    expect(output(await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', dir], 0))).toContain('No changes.');
  });
});
