/**
 * The real lvsplan binary planning a DR cluster whose hosts are network namespaces this test creates,
 * reached through the exec transport. Addresses, loopback VIPs and sysctls are real (per namespace);
 * only ipvsadm is stood in for on the director, because this machine's kernel has no IPVS (the
 * end-to-end tests in the lab cover the real thing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve('dist/lvsplan.mjs');
const tag = `lvt${process.pid}`;
const ns = { director: `${tag}-dir`, lvs01: `${tag}-rs1`, lvs02: `${tag}-rs2` };
const VIP = '198.51.100.50';
let dir: string;

function sh(args: string[]): string {
  return execFileSync(args[0]!, args.slice(1), { encoding: 'utf8' });
}
const inNs = (name: string, args: string[]) => sh(['ip', 'netns', 'exec', name, ...args]);

function lvsplan(args: string[]) {
  const r = spawnSync(CLI, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeConfig(target: string, directorNs: string): void {
  mkdirSync(target, { recursive: true });
  writeFileSync(
    join(target, 'main.hcl'),
    `director "lvs-dr" {
  connection {
    type    = "exec"
    command = ["ip", "netns", "exec", "${directorNs}", "${join(dir, 'fake-ipvs-host')}"]
  }
  interface = "eth0"
}
realserver "lvs01" {
  address = "198.51.100.10"
  connection {
    type    = "exec"
    command = ["ip", "netns", "exec", "${ns.lvs01}"]
  }
}
realserver "lvs02" {
  address = "198.51.100.20"
  connection {
    type    = "exec"
    command = ["ip", "netns", "exec", "${ns.lvs02}"]
  }
}
virtual_server "web" {
  director   = "lvs-dr"
  address    = "${VIP}"
  port       = 80
  scheduler  = "rr"
  forwarding = "dr"
  backend "lvs01" {}
  backend "lvs02" {}
}
`,
  );
}

function buildSeedByHand(): void {
  for (const rs of [ns.lvs01, ns.lvs02]) {
    for (const k of ['net.ipv4.conf.lo.arp_ignore=1', 'net.ipv4.conf.lo.arp_announce=2', 'net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2'])
      inNs(rs, ['sysctl', '-q', '-w', k]);
    inNs(rs, ['ip', 'addr', 'add', `${VIP}/32`, 'dev', 'lo']);
  }
  inNs(ns.director, ['ip', 'addr', 'add', `${VIP}/32`, 'dev', 'eth0']);
  writeFileSync(
    join(dir, 'ipvs-table.txt'),
    `-A -t ${VIP}:80 -s rr\n-a -t ${VIP}:80 -r 198.51.100.10:80 -g -w 1\n-a -t ${VIP}:80 -r 198.51.100.20:80 -g -w 1\n`,
  );
}

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('these tests create network namespaces and must run as root');
  dir = mkdtempSync(join(tmpdir(), 'lvsplan-cli-'));
  for (const name of Object.values(ns)) {
    sh(['ip', 'netns', 'add', name]);
    inNs(name, ['ip', 'link', 'set', 'lo', 'up']);
  }
  sh(['ip', 'link', 'add', `${tag}-v`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.director]);
  inNs(ns.director, ['ip', 'addr', 'add', '198.51.100.5/24', 'dev', 'eth0']);
  inNs(ns.director, ['ip', 'link', 'set', 'eth0', 'up']);
  // ipvsadm stand-in: prints the table file for -Sn, a matching empty threshold listing for -Ln.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(dir, 'ipvs-table.txt'), '');
  writeFileSync(
    join(bin, 'ipvsadm'),
    `#!/bin/sh
case "$*" in
  *thresholds*) printf 'IP Virtual Server version 1.2.1 (size=4096)\\nProt LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn\\n  -> RemoteAddress:Port\\n'
    while read -r op flag svc rest; do
      case "$op" in -A) echo "TCP  \${svc} rr";; -a) set -- $rest; printf '  -> %-28s 0          0          0          0\\n' "$2";; esac
    done < ${dir}/ipvs-table.txt;;
  *-S*) cat ${dir}/ipvs-table.txt;;
esac
`,
  );
  chmodSync(join(bin, 'ipvsadm'), 0o755);
  writeFileSync(join(dir, 'fake-ipvs-host'), `#!/bin/sh\nPATH=${bin}:$PATH exec "$@"\n`);
  chmodSync(join(dir, 'fake-ipvs-host'), 0o755);
  writeConfig(join(dir, 'cluster'), ns.director);
});

afterAll(() => {
  if (process.env.KEEP_NS) return;
  for (const name of Object.values(ns)) spawnSync('ip', ['netns', 'del', name]);
  spawnSync('ip', ['link', 'del', `${tag}-v`]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('lvsplan plan against namespaces', () => {
  it('on empty hosts lists every resource of the cluster and exits 2 with -detailed-exitcode', () => {
    const r = lvsplan(['plan', '-detailed-exitcode', join(dir, 'cluster')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    for (const address of [
      'virtual_server.web',
      'virtual_server.web.backend["lvs01"]',
      'virtual_server.web.backend["lvs02"]',
      'director.lvs-dr.address["198.51.100.50/32"]',
      'realserver.lvs01.sysctl["net.ipv4.conf.all.arp_ignore"]',
      'realserver.lvs02.sysctl["net.ipv4.conf.lo.arp_announce"]',
      'realserver.lvs01.address["lo/198.51.100.50"]',
    ])
      expect(r.stdout).toContain(`# ${address}`);
    expect(r.stdout).toMatch(/Plan: 6 to add, 8 to change, 0 to destroy\./);

    const json = JSON.parse(lvsplan(['plan', '-json', join(dir, 'cluster')]).stdout);
    const actions = json.resource_changes.map((c: { change: { actions: string[] } }) => c.change.actions.join('+'));
    expect(actions.filter((a: string) => a === 'create')).toHaveLength(6);
    expect(actions.filter((a: string) => a === 'update')).toHaveLength(8);
  });

  it('says No changes once the seed scripts have built the cluster by hand, and saved plans show', () => {
    buildSeedByHand();
    const r = lvsplan(['plan', '--detailed-exitcode', join(dir, 'cluster')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('No changes. Your infrastructure matches the configuration.');
    expect(r.code).toBe(0);

    inNs(ns.lvs02, ['sysctl', '-q', '-w', 'net.ipv4.conf.all.arp_ignore=0']);
    const planFile = join(dir, 'drift.plan');
    const drift = lvsplan(['plan', '-detailed-exitcode', `-out=${planFile}`, join(dir, 'cluster')]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy\./);
    expect(drift.stdout).toContain(`lvsplan apply "${planFile}"`);

    const shown = lvsplan(['show', planFile]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('realserver.lvs02.sysctl["net.ipv4.conf.all.arp_ignore"]');
    expect(shown.stdout).toMatch(/"?0"? -> "?1"?/);
    const shownJson = JSON.parse(lvsplan(['show', '-json', planFile]).stdout);
    expect(shownJson.resource_changes.filter((c: { change: { actions: string[] } }) => c.change.actions[0] !== 'no-op')).toHaveLength(1);
    expect(JSON.parse(readFileSync(planFile, 'utf8')).format).toBe('lvsplan-plan');
  });

  it('names an unreachable host and exits 1', () => {
    const broken = join(dir, 'broken');
    writeConfig(broken, `${tag}-missing`);
    const r = lvsplan(['plan', '-detailed-exitcode', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('lvs-dr');
    expect(r.stderr).toMatch(/Error: /);
  });
});

describe('lvsplan validate', () => {
  it('accepts the seed example', () => {
    const r = lvsplan(['validate', 'examples/lvs-dr']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! The configuration is valid.\n' });
  });

  it('reports a syntax error with file, line and column, and no stack trace', () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'main.hcl'), 'director "d" {\n  interface = \n}\n');
    const r = lvsplan(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`on ${join(bad, 'main.hcl')} line 2`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const json = JSON.parse(lvsplan(['validate', '-json', bad]).stdout);
    expect(json).toMatchObject({ valid: false, error_count: 1 });
    expect(json.diagnostics[0].range.start).toMatchObject({ line: 2 });
  });
});
