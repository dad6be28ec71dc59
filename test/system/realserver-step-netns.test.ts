/**
 * A real server's apply step on this machine's kernel: the production steps script, run through the exec
 * transport in a network namespace this test creates, with the argvs the providers build. Its sysctl
 * writes go into the namespace's own /proc/sys by the shell (no `sysctl` started), its re-read is the host
 * read, and its state record write goes to a private directory instead of /var/lib/lvsplan. A `sysctl` first
 * on PATH notes each time it runs before running the real one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressAddArgv } from '../../providers/address/argv.js';
import { buildHostReadScript } from '../../providers/host-read-script.js';
import { parseHostRead } from '../../providers/host-read.js';
import { sysctlWriteArgv } from '../../providers/sysctl/write.js';
import { runArgvSteps } from '../../src/apply/host-commands.js';
import { STATE_WRITE_ARGV } from '../../src/apply/state-write.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';

const NETNS = `lvsplan-rs${process.pid}`;
const VIP = '198.51.100.50';
// An interface whose name holds a dot: its sysctls are net.ipv4.conf.v0/5.* in dotted form, /proc/sys/net/ipv4/conf/v0.5/* on disk.
const DOTTED = 'net.ipv4.conf.v0/5.arp_ignore';
const SYSCTLS = { 'net.ipv4.conf.all.arp_ignore': '1', 'net.ipv4.conf.lo.arp_ignore': '1', 'net.ipv4.conf.all.arp_announce': '2', 'net.ipv4.conf.lo.arp_announce': '2', [DOTTED]: '2' };

const built = <T>(b: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!b.ok) throw new Error(b.error);
  return b.value;
};

describe('a real server\'s apply step in a network namespace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-rs-step-'));
  const runner = new ExecRunner(['ip', 'netns', 'exec', NETNS, 'env', `PATH=${join(dir, 'bin')}:/usr/sbin:/usr/bin:/sbin:/bin`]);
  const sysctlRuns = () => (existsSync(join(dir, 'sysctl-ran')) ? readFileSync(join(dir, 'sysctl-ran'), 'utf8') : '');
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error('this test creates a network namespace and must run as root');
    mkdirSync(join(dir, 'bin'));
    const real = execFileSync('sh', ['-c', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v sysctl'], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'bin', 'sysctl'), `#!/bin/sh\necho "$*" >> '${join(dir, 'sysctl-ran')}'\nexec ${real} "$@"\n`, { mode: 0o755 });
    execFileSync('ip', ['netns', 'add', NETNS]);
    execFileSync('ip', ['netns', 'exec', NETNS, 'ip', 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['netns', 'exec', NETNS, 'ip', 'link', 'add', 'v0.5', 'type', 'veth', 'peer', 'name', 'v1']);
  });
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', NETNS]);
    rmSync(dir, { recursive: true, force: true });
  });

  const stateDir = () => join(dir, 'lib');
  const stateWrite = () => [...STATE_WRITE_ARGV.slice(0, 4), stateDir(), join(stateDir(), 'state.json')];
  // The re-read that ends a step, as host-phase asks for it: without the state record.
  const reread = () => built(buildHostReadScript({ role: 'realserver', sysctlNames: Object.keys(SYSCTLS), withStateRecord: false }));
  const inNs = (args: string[]) => execFileSync('ip', ['netns', 'exec', NETNS, ...args], { encoding: 'utf8' });

  it('records the originals, writes the sysctls (a dotted interface name\'s too), adds the VIP, and its re-read shows them all', async () => {
    const steps = [stateWrite(), ...Object.entries(SYSCTLS).map(([n, v]) => built(sysctlWriteArgv(n, v))), built(addressAddArgv({ interface: 'lo', address: VIP, prefix_length: 32, family: 'inet' }))];
    const o = await runArgvSteps(runner, steps, { stdin: '{"version":1,"managed":[],"originalSysctls":{"net.ipv4.conf.all.arp_ignore":"0"}}\n', report: reread() });
    expect(o.failed, o.ran.map((r) => r.stderr).join('\n')).toBeNull();
    expect(o.ran).toHaveLength(steps.length);
    expect(sysctlRuns()).toBe('');
    expect(inNs(['cat', '/proc/sys/net/ipv4/conf/v0.5/arp_ignore'])).toBe('2\n');
    expect(inNs(['sysctl', '-n', 'net.ipv4.conf.lo.arp_announce'])).toBe('2\n');
    expect(statSync(join(stateDir(), 'state.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(stateDir())).toEqual(['state.json']);
    expect(JSON.parse(readFileSync(join(stateDir(), 'state.json'), 'utf8')).originalSysctls).toEqual({ 'net.ipv4.conf.all.arp_ignore': '0' });

    const { observed, diagnostics } = parseHostRead('lvs01', 'realserver', o.report!.stdout);
    expect(diagnostics).toEqual([]);
    const sysctls = Object.fromEntries(observed.resources.filter((r) => r.type === 'sysctl').map((r) => [r.id, r.attrs.value]));
    expect(sysctls).toEqual(SYSCTLS);
    expect(observed.resources.some((r) => r.type === 'address' && r.attrs.address === VIP && r.attrs.interface === 'lo')).toBe(true);
    expect(observed.stateRecord).toBeNull();
  });

  it('a value the kernel refuses fails its step with sysctl\'s own diagnostic, and the address after it is not added', async () => {
    const address = built(addressAddArgv({ interface: 'lo', address: '198.51.100.51', prefix_length: 32, family: 'inet' }));
    // A valid value to lvsplan, but not a number: the kernel refuses it.
    const steps = [built(sysctlWriteArgv('net.ipv4.conf.lo.arp_ignore', 'none')), address];
    const o = await runArgvSteps(runner, steps);
    expect(o.failed).toBe(0);
    expect(o.ran[0]!.exitCode).not.toBe(0);
    expect(o.ran[0]!.stderr).toContain('setting key "net.ipv4.conf.lo.arp_ignore": Invalid argument');
    expect(sysctlRuns()).toBe('-q -w net.ipv4.conf.lo.arp_ignore=none\n');
    expect(inNs(['cat', '/proc/sys/net/ipv4/conf/lo/arp_ignore'])).toBe('1\n');
    expect(inNs(['ip', '-o', 'addr', 'show', 'dev', 'lo'])).not.toContain('198.51.100.51');
    expect(readFileSync(join(stateDir(), 'state.json'), 'utf8')).toContain('originalSysctls');
  });
});
