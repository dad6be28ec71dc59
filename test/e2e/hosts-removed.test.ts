import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api/lab.js';
import { lvsplanExpect, output } from './support/apply-support.js';
import { parsePlan } from './support/plan-json.js';
import { snapshotHosts } from './support/snapshot.js';
import { useResetLab } from './support/use-reset-lab.js';

// Hosts whose blocks leave the configuration are still cleaned up: lvsplan keeps lvsplan.hosts.json beside the
// configuration and reads the hosts it lists but the configuration no longer declares.
const DIRECTOR = `director "lvs-dr" {
  connection {
    host    = "192.168.122.5"
    timeout = "60s"
  }
  interface = "eth0"
}`;
const realserver = (name: string, ip: string) => `realserver "${name}" {
  address = "${ip}"
  connection {
    host    = "${ip}"
    timeout = "60s"
  }
}`;
const LVS01 = realserver('lvs01', '192.168.122.10');
const LVS02 = realserver('lvs02', '192.168.122.20');
const web = (backends: string[]) => `virtual_server "web" {
  director   = "lvs-dr"
  address    = "192.168.122.50"
  port       = 80
  scheduler  = "rr"
${backends.map((b) => `  backend "${b}" {}`).join('\n')}
}`;
const SEED = [DIRECTOR, LVS01, LVS02, web(['lvs01', 'lvs02'])].join('\n');
const WITHOUT_LVS02 = [DIRECTOR, LVS01, web(['lvs01'])].join('\n');
const WITHOUT_DIRECTOR = [LVS01, LVS02].join('\n');
// An apply over three hosts took over 5 min in a lab VM on a loaded 2-core machine.
const LIMIT = { timeoutMs: 900_000 };
const TEST_MS = 2_400_000;

function configDir(): string {
  return mkdtempSync(join(tmpdir(), 'lvsplan-hosts-'));
}

function write(dir: string, hcl: string): void {
  writeFileSync(join(dir, 'main.hcl'), `${hcl}\n`);
}

function knownHosts(dir: string): string[] {
  const file = join(dir, 'lvsplan.hosts.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { hosts: { name: string }[] }).hosts.map((h) => h.name);
}

/** A fresh lab with the seed's cluster applied from `dir`; returns every host's state from before the apply. */
async function seedFrom(l: Lab, dir: string): Promise<Record<string, string>> {
  await l.reset();
  const before = await snapshotHosts(l);
  write(dir, SEED);
  await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', dir], 0, LIMIT);
  expect(knownHosts(dir)).toEqual(['lvs-dr', 'lvs01', 'lvs02']);
  expect(await l.sysctl('lvs02', 'net.ipv4.conf.all.arp_ignore')).toBe('1');
  expect(await l.mustExec('lvs02', ['ip', '-o', 'addr', 'show', 'dev', 'lo'])).toContain(l.vip);
  return before;
}

describe('hosts that leave the configuration are cleaned up over ssh', () => {
  const l = useResetLab();

  it('a removed realserver: its destination is drained and deleted first, then its VIP and ARP sysctls go back', async () => {
    const dir = configDir();
    const before = await seedFrom(l, dir);
    write(dir, WITHOUT_LVS02);

    const plan = parsePlan((await lvsplanExpect(l, ['plan', '-json', dir], 0, LIMIT)).stdout);
    // The JSON plan lists changes by address; the order of the work shows in the apply output below.
    const changes = plan.resource_changes.filter((c) => c.change.actions.join() !== 'no-op').map((c) => `${c.change.actions.join()} ${c.address}`);
    expect(changes.sort()).toEqual([
      'delete realserver.lvs02.address["lo/192.168.122.50"]',
      'delete virtual_server.web.backend["lvs02"]',
      'update realserver.lvs02.sysctl["net.ipv4.conf.all.arp_announce"]',
      'update realserver.lvs02.sysctl["net.ipv4.conf.all.arp_ignore"]',
      'update realserver.lvs02.sysctl["net.ipv4.conf.lo.arp_announce"]',
      'update realserver.lvs02.sysctl["net.ipv4.conf.lo.arp_ignore"]',
    ]);

    const apply = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', dir], 0, LIMIT);
    const text = output(apply);
    const destinationGone = text.indexOf('virtual_server.web.backend["lvs02"]: Destruction complete');
    const vipRemoval = text.indexOf('realserver.lvs02.address["lo/192.168.122.50"]: Destroying...');
    expect(destinationGone, text).toBeGreaterThan(0);
    expect(vipRemoval, text).toBeGreaterThan(destinationGone);
    expect(await l.ipvsSave()).not.toContain(l.address('lvs02'));
    expect((await snapshotHosts(l)).lvs02).toBe(before.lvs02);
    expect(knownHosts(dir)).toEqual(['lvs-dr', 'lvs01']);
    await lvsplanExpect(l, ['plan', '-detailed-exitcode', dir], 0, LIMIT);
  }, TEST_MS);

  it('destroy with the realserver block already gone cleans that host too', async () => {
    const dir = configDir();
    const before = await seedFrom(l, dir);
    write(dir, WITHOUT_LVS02);

    const destroy = await lvsplanExpect(l, ['destroy', '-auto-approve', '-no-color', dir], 0, LIMIT);
    expect(destroy.stdout).toContain('realserver.lvs02.address["lo/192.168.122.50"]: Destruction complete');
    expect(await snapshotHosts(l)).toEqual(before);
    expect(knownHosts(dir)).toEqual([]);
  }, TEST_MS);

  it('a removed director: its service, destinations and VIP go, then the real servers are restored', async () => {
    const dir = configDir();
    const before = await seedFrom(l, dir);
    write(dir, WITHOUT_DIRECTOR);

    const apply = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', dir], 0, LIMIT);
    expect(apply.stdout).toContain('director.lvs-dr.address["192.168.122.50/32"]: Destruction complete');
    expect(await l.ipvsSave()).toBe('');
    expect(await snapshotHosts(l)).toEqual(before);
    expect(knownHosts(dir)).toEqual(['lvs01', 'lvs02']);
    await lvsplanExpect(l, ['plan', '-detailed-exitcode', dir], 0, LIMIT);
  }, TEST_MS);
});
