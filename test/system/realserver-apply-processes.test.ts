/**
 * What an apply starts on a real server, counted on the production path: the built CLI applies one DR
 * service to a real server that is a network namespace this test creates (its ARP sysctls and loopback VIP
 * real), reached through the exec transport, each remote command run under `strace -f` in a private mount
 * namespace whose /run (the apply lock) and /var/lib (the state record) are the test's. The director is a
 * stand-in (support/fake-directors.ts): this machine's kernel has no IPVS. The counts are those of
 * test/bench/host-process-starts.mjs, here as the CLI runs them; sshd's own processes are not in them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fakeDirectorsDir, fakeHostCommand } from './support/fake-directors.js';

const CLI = resolve('dist/lvsplan.mjs');
const NETNS = `lvsplan-rsp${process.pid}`;
const VIP = '198.51.100.60';
let dir: string;

/** Each remote command on the real server: its processes (the command's and every one forked under it) and the programs they ran. */
function remoteCommands(): { processes: number; programs: string[] }[] {
  const traces = join(dir, 'traces');
  return readdirSync(traces)
    .sort((a, b) => Number(a) - Number(b))
    .map((f) => {
      const lines = readFileSync(join(traces, f), 'utf8').split('\n').filter(Boolean);
      const programs = lines.flatMap((l) => (/execve\("([^"]+)"/.test(l) && !/ = -1 /.test(l) ? [/execve\("([^"]+)"/.exec(l)![1]!.split('/').pop()!] : []));
      return { processes: new Set(lines.map((l) => l.split(' ')[0])).size, programs };
    });
}

function apply(): string {
  rmSync(join(dir, 'traces'), { recursive: true, force: true });
  mkdirSync(join(dir, 'traces'));
  const r = spawnSync(process.execPath, [CLI, 'apply', '-auto-approve', '-no-color', join(dir, 'cfg')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('this test creates a network namespace and must run as root');
  dir = fakeDirectorsDir('lvsplan-rs-processes-', ['d1'], { blockRestore: false });
  execFileSync('ip', ['netns', 'add', NETNS]);
  execFileSync('ip', ['netns', 'exec', NETNS, 'ip', 'link', 'set', 'lo', 'up']);
  for (const d of ['rs-run', 'rs-varlib']) mkdirSync(join(dir, d));
  // A trace file per remote command, named by the wrapping shell's pid, which strace's pid then is (an exec).
  const trace = `strace -f -qq -o '${dir}/traces/'$$ -e trace=execve,clone,clone3,fork,vfork`;
  const script = `mount --bind '${dir}/rs-run' /run && mount --bind '${dir}/rs-varlib' /var/lib && exec ${trace} "$@"`;
  const realserver = ['ip', 'netns', 'exec', NETNS, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', script, 'rs'];
  writeFileSync(
    join(dir, 'cfg', 'main.hcl'),
    `director "d1" {
  connection {
    type    = "exec"
    command = ${JSON.stringify(fakeHostCommand(dir, 'd1'))}
  }
  interface = "eth0"
  bind_vips = false
}

realserver "lvs01" {
  address = "198.51.100.61"
  connection {
    type    = "exec"
    command = ${JSON.stringify(realserver)}
  }
}

virtual_server "web" {
  director   = "d1"
  address    = "${VIP}"
  port       = 80
  forwarding = "dr"
  backend "lvs01" {}
}
`,
  );
});

afterAll(() => {
  spawnSync('ip', ['netns', 'del', NETNS]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('apply from empty: one remote command and 16 processes on the real server, the step and the state record write made by its lock holder; nothing to change: one command, 7 processes', () => {
  const out = apply();
  expect(out).toContain('Apply complete!');
  const fromEmpty = remoteCommands();
  // The lock holder alone: its read; then, asked on its stdin, the step in a fork of its own (the originals
  // recorded with mkdir, as /var/lib/lvsplan does not exist yet, stat, dd, mv; the sysctls written by its
  // shell; ip addr add; the re-read), then the state record write (dd and mv, the directory's mode not read
  // again). No remote command for the step nor the state record write, no sh of the step's own, no sysctl.
  expect(fromEmpty.map((c) => c.programs.join(' '))).toEqual(['sh flock ip grep bash mkdir stat dd mv ip ip grep dd mv rm']);
  expect(fromEmpty.map((c) => c.processes)).toEqual([16]);

  const inNs = (args: string[]) => execFileSync('ip', ['netns', 'exec', NETNS, ...args], { encoding: 'utf8' });
  expect(inNs(['sysctl', '-n', 'net.ipv4.conf.lo.arp_announce'])).toBe('2\n');
  expect(inNs(['ip', '-o', 'addr', 'show', 'dev', 'lo'])).toContain(`${VIP}/32`);
  const lib = join(dir, 'rs-varlib', 'lvsplan');
  expect(statSync(lib).mode & 0o777).toBe(0o700);
  expect(readdirSync(lib)).toEqual(['state.json']);
  expect(statSync(join(lib, 'state.json')).mode & 0o777).toBe(0o600);
  const record = JSON.parse(readFileSync(join(lib, 'state.json'), 'utf8'));
  expect(record.originalSysctls['net.ipv4.conf.all.arp_ignore']).toBe('0');
  expect(record.managed.map((m: { id: string }) => m.id)).toContain(`lo/${VIP}`);

  expect(apply()).toContain('No changes.');
  const nothing = remoteCommands();
  expect(nothing.map((c) => c.programs.join(' '))).toEqual(['sh flock ip grep cat bash rm']);
  expect(nothing.map((c) => c.processes)).toEqual([7]);
});
