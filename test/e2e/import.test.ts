import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type Lab } from '../lab/api/lab.js';
import { resetHost } from '../lab/api/reset.js';
import { lvsplanExpect, output, seconds } from './support/apply-support.js';
import { startFastLoad } from './support/fast-load.js';
import { buildSeedCluster, expectRoundRobin } from './support/seed-cluster.js';
import { useResetLab } from './support/use-reset-lab.js';

const KEEPALIVED_CONF = resolve(REPO_ROOT, 'test/fixtures/import/keepalived/lab/keepalived.conf');
const LDIRECTORD_CF = resolve(REPO_ROOT, 'test/fixtures/import/ldirectord/lab/ldirectord.cf');
/** Services and destinations ldirectord programs from LDIRECTORD_CF once every connect check passes. */
const LDIRECTORD_TABLE = { services: 3, destinations: 6 };
const KEEPALIVED_PID = '/run/lvsplan-test-keepalived.pid';
/** Services and destinations keepalived programs from KEEPALIVED_CONF once every checker passes. */
const KEEPALIVED_TABLE = { services: 6, destinations: 11 };
/**
 * The second, empty director the converted configurations are applied to while keepalived or ldirectord
 * keeps running on `director`: the lab's client namespace (a kernel IPVS of its own, idle in these cases).
 */
const SECOND = 'client';

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
const SECOND_DIRECTOR = `director "lvs-b" {
  connection { host = "192.168.122.2" }
  bind_vips = false
}
`;
const REALSERVERS = ['lvs01', 'lvs02']
  .map((n, i) => `realserver "${n}" {\n  address = "192.168.122.${(i + 1) * 10}"\n  connection { host = "192.168.122.${(i + 1) * 10}" }\n}\n`)
  .join('\n');

interface Table {
  save: string[];
  thresholds: string[];
}

/** A director's IPVS table in a form two directors can be compared by: -Sn lines sorted, and each destination's thresholds. */
async function table(l: Lab, director = 'director'): Promise<Table> {
  const save = (await l.ipvsSave(director)).split('\n').filter(Boolean).sort();
  const thresholds: string[] = [];
  let service = '';
  for (const line of (await l.ipvsList(director, ['--thresholds'])).split('\n')) {
    const svc = /^(TCP|UDP|SCTP|FWM)\s+(\S+)/.exec(line);
    if (svc) service = `${svc[1]} ${svc[2]}`;
    const dest = /^\s+->\s+(\S+)\s+(\d+)\s+(\d+)\s/.exec(line);
    if (dest) thresholds.push(`${service} -> ${dest[1]} upper=${dest[2]} lower=${dest[3]}`);
  }
  thresholds.sort();
  return { save, thresholds };
}

function counts(save: readonly string[]): { services: number; destinations: number } {
  return { services: save.filter((l) => l.startsWith('-A ')).length, destinations: save.filter((l) => l.startsWith('-a ')).length };
}

/** Polls the director's -Sn (one command a round: the VM's two vCPUs are busy with lvsplan meanwhile) until it holds `destinations`. */
function programmed(l: Lab, what: string, destinations: number): Promise<unknown> {
  return waitFor(what, async () => counts((await l.ipvsSave()).split('\n')), (c) => c.destinations === destinations);
}

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, limitSeconds = 90): Promise<T> {
  const end = Date.now() + limitSeconds * 1000;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)} after ${limitSeconds}s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Runs one step of a case and logs how long it took (the figures the README quotes). */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await run();
  } finally {
    console.log(`[import e2e] ${what}: ${seconds(Date.now() - start)}`);
  }
}

/** `import -from=FORMAT FILE` into a directory declaring the second director, then `apply` there; returns that directory. */
async function convertAndApply(l: Lab, format: 'keepalived' | 'ldirectord', file: string): Promise<string> {
  const dir = configDir(SECOND_DIRECTOR);
  const conv = await lvsplanExpect(l, [`-chdir=${dir}`, 'import', `-from=${format}`, '-no-color', `-out=${format}.hcl`, file], 0);
  console.log(`lvsplan import -from=${format}:\n${readFileSync(join(dir, `${format}.hcl`), 'utf8')}\n${conv.stderr}`);
  await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', dir], 0);
  return dir;
}

/** `import` from the running director into a directory declaring it and the real servers, then `plan` must say No changes. */
async function importThenPlan(l: Lab): Promise<string> {
  const live = configDir(`${DIRECTOR}\n${REALSERVERS}`);
  const imported = await lvsplanExpect(l, ['import', '-no-color', `-out=${join(live, 'imported.hcl')}`, live], 0);
  const hcl = readFileSync(join(live, 'imported.hcl'), 'utf8');
  console.log(`lvsplan import from the director:\n${hcl}\n${imported.stderr}`);
  expect(output(await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', live], 0))).toContain('No changes.');
  return hcl;
}

async function expectNoChanges(l: Lab, dir: string): Promise<void> {
  expect(output(await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', dir], 0))).toContain('No changes.');
}

/** Between cases: the two directors back to empty (the real servers are only read until the seed case). */
async function resetDirectors(l: Lab): Promise<void> {
  await Promise.all(['director', SECOND].map((h) => resetHost(l, l.host(h))));
}

// keepalived and ldirectord run on `director` one after the other; the converted configurations go to the
// second director at the same time, so each pair of tables is compared while both are live. Then the seed
// cluster is built by hand on the same lab. One lab reset before and after; between cases only the directors.
describe('lvsplan import', () => {
  const l = useResetLab();
  // An operator's ControlPersist master per host (the lab's ssh_config), which every lvsplan run below uses
  // instead of a handshake of its own (seconds each under TCG).
  beforeAll(async () => {
    for (const r of await Promise.all(['director', SECOND, 'lvs01', 'lvs02'].map((h) => l.ssh(h, 'true')))) expect(r.code, r.stderr).toBe(0);
  });

  it("keepalived: import from its director -> plan No changes; its converted config applied on a second, empty director -> the same table", async () => {
    // A NAT director forwards; keepalived's NAT service needs it as lvsplan's derived sysctl does.
    await l.mustExec('director', ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    await l.mustExec('director', ['keepalived', '--check', '--use-file', KEEPALIVED_CONF, '--pid', KEEPALIVED_PID, '--checkers_pid', `${KEEPALIVED_PID}.checkers`, '--log-console', '--log-detail']);
    try {
      await Promise.all([
        step('keepalived programs IPVS', () => programmed(l, 'keepalived programming IPVS', KEEPALIVED_TABLE.destinations)),
        step('import -from=keepalived and apply on the second director', () => convertAndApply(l, 'keepalived', KEEPALIVED_CONF)),
      ]);
      // Read after the apply: by then keepalived's checkers have run (delay_loop 10) and every real server passed.
      const keepalived = await table(l);
      expect(counts(keepalived.save), keepalived.save.join('\n')).toEqual(KEEPALIVED_TABLE);
      console.log(`keepalived programmed:\n${keepalived.save.join('\n')}\n${keepalived.thresholds.join('\n')}`);
      expect(await table(l, SECOND)).toEqual(keepalived);

      const hcl = await step('import from the keepalived director and plan', () => importThenPlan(l));
      expect(hcl).toContain('backend "lvs01"'); // NAT: nothing to set up on the real server, so it is named
      expect(hcl).toContain('lvs02 is a declared realserver, but it lacks'); // DR without the VIP on lo
      expect(await table(l)).toEqual(keepalived);
    } finally {
      await l.exec('director', ['sh', '-c', 'kill "$(cat "$1")"', 'stop-keepalived', KEEPALIVED_PID]);
    }
    await step('keepalived stops', () => waitFor('keepalived removing its services', () => l.ipvsSave(), (save) => save.trim() === '', 30));
  });

  it("ldirectord: import from its director -> plan No changes; its converted config applied on a second, empty director -> the same table", async () => {
    await resetDirectors(l);
    await l.mustExec('director', ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']); // its masq service, as for keepalived
    await l.mustExec('director', ['ldirectord', LDIRECTORD_CF, 'start']);
    try {
      await Promise.all([
        step('ldirectord programs IPVS', () => programmed(l, 'ldirectord programming IPVS', LDIRECTORD_TABLE.destinations)),
        step('import -from=ldirectord and apply on the second director', () => convertAndApply(l, 'ldirectord', LDIRECTORD_CF)),
      ]);
      const ldirectord = await table(l);
      expect(counts(ldirectord.save), ldirectord.save.join('\n')).toEqual(LDIRECTORD_TABLE);
      console.log(`ldirectord programmed:\n${ldirectord.save.join('\n')}\n${ldirectord.thresholds.join('\n')}`);
      expect(await table(l, SECOND)).toEqual(ldirectord);
      await step('import from the ldirectord director and plan', () => importThenPlan(l));
    } finally {
      await l.exec('director', ['ldirectord', LDIRECTORD_CF, 'stop']);
    }
  });

  it('seed cluster built by hand: import -> plan No changes -> a change to the generated HCL applies without a failed request', async () => {
    await resetDirectors(l);
    await step('seed cluster built by hand', () => buildSeedCluster(l));
    await expectRoundRobin(l);
    const dir = configDir(`director "lvs-dr" {\n  connection { host = "192.168.122.5" }\n  interface = "eth0"\n}\n\n${REALSERVERS}`);
    const hcl = await step('import and plan', async () => {
      await lvsplanExpect(l, ['import', '-no-color', `-out=${join(dir, 'imported.hcl')}`, dir], 0);
      const text = readFileSync(join(dir, 'imported.hcl'), 'utf8');
      console.log(`lvsplan import of the seed cluster:\n${text}`);
      expect(text).toContain('for_each = toset(["lvs01", "lvs02"])');
      await expectNoChanges(l, dir);
      return text;
    });

    writeFileSync(join(dir, 'imported.hcl'), hcl.replace('scheduler  = "rr"', 'scheduler  = "wrr"'));
    const load = startFastLoad(l.enter('client'), `http://${l.vip}/`);
    await load.reach(20);
    const startedAt = Date.now();
    const apply = await step('apply of the edited import under load', () => lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', dir], 0, { timeoutMs: 600_000 }));
    const tally = await load.stop();
    const failures = tally.failures.map((f) => `curl exit ${f.curlExit} at +${seconds(f.atMs - startedAt)}`);
    console.log(`apply of the edited import under load: ${tally.succeeded} answered (${tally.slow} after 1 s or more: a retransmitted SYN), ${tally.failed} failed ${failures.join(', ')}\n${apply.stdout}`);
    expect(failures).toEqual([]);
    expect(tally.succeeded).toBeGreaterThan(20);
    expect(await l.ipvsSave()).toMatch(/-A -t 192\.168\.122\.50:80 -s wrr/);
    expect(new Set(await l.curl('client', `http://${l.vip}/`, 4))).toEqual(new Set(['lvs01 host!', 'lvs02 host!']));
  });
});
