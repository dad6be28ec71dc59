/**
 * What an apply starts on a real server, counted on the production path: the built CLI applies one DR
 * service to a real server that is a network namespace this test creates (its ARP sysctls and loopback VIP
 * real), reached through the exec transport, each remote command run under `strace -f` in a private mount
 * namespace whose /run (the apply lock) and /var/lib (the state record) are the test's. The director is a
 * stand-in (support/fake-directors.ts): this machine's kernel has no IPVS. The counts are those of
 * test/bench/host-process-starts.mjs, here as the CLI runs them; sshd's own processes are not in them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseStateRecord } from '../../providers/host-state-record.js';
import { fakeDirectorsDir, fakeHostCommand } from './support/fake-directors.js';

const CLI = resolve('dist/lvsplan.mjs');
const NETNS = `lvsplan-rsp${process.pid}`;
const VIP = '198.51.100.60';
let dir: string;

/**
 * Each remote command on the real server: its processes (the command's and every one forked under it), the
 * programs they ran, and the read(2) calls on its stdin by the process that became bash (the lock holder).
 */
function remoteCommands(): { processes: number; programs: string[]; holderReads: number }[] {
  const traces = join(dir, 'traces');
  return readdirSync(traces)
    .sort((a, b) => Number(a) - Number(b))
    .map((f) => {
      const all = readFileSync(join(traces, f), 'utf8').split('\n').filter(Boolean);
      const lines = all.filter((l) => !/^\d+ +read\(/.test(l));
      const programs = lines.flatMap((l) => (/execve\("([^"]+)"/.test(l) && !/ = -1 /.test(l) ? [/execve\("([^"]+)"/.exec(l)![1]!.split('/').pop()!] : []));
      const holder = lines.find((l) => /execve\("[^"]*\/bash"/.test(l) && !/ = -1 /.test(l))?.split(' ')[0];
      const holderReads = all.filter((l) => l.startsWith(`${holder} `) && /^\d+ +read\(0,/.test(l)).length;
      return { processes: new Set(lines.map((l) => l.split(' ')[0])).size, programs, holderReads };
    });
}

/** The remote commands started on the director since the last apply(). */
const directorCommands = () => (existsSync(join(dir, 'd1.commands')) ? readFileSync(join(dir, 'd1.commands'), 'utf8').split('\n').filter(Boolean).length : 0);

function apply(): string {
  rmSync(join(dir, 'traces'), { recursive: true, force: true });
  rmSync(join(dir, 'd1.commands'), { force: true });
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
  const trace = `strace -f -qq -o '${dir}/traces/'$$ -e trace=execve,clone,clone3,fork,vfork,read`;
  const script = `mount --bind '${dir}/rs-run' /run && mount --bind '${dir}/rs-varlib' /var/lib && exec ${trace} "$@"`;
  const realserver = ['ip', 'netns', 'exec', NETNS, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', script, 'rs'];
  writeFileSync(
    join(dir, 'cfg', 'main.hcl'),
    `director "d1" {
  connection {
    type    = "exec"
    command = ${JSON.stringify(['sh', '-c', `echo started >> '${dir}/d1.commands'; exec "$@"`, 'count', ...fakeHostCommand(dir, 'd1')])}
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

it('apply from empty: one remote command on each host, 16 processes on the real server, the steps, the batches and the state record writes made by the lock holders, each request read by length; nothing to change: one command, 7 processes', () => {
  const out = apply();
  expect(out).toContain('Apply complete!');
  const fromEmpty = remoteCommands();
  // The lock holder alone: its read; then, asked on its stdin, the step in a fork of its own (the originals
  // recorded with mkdir, as /var/lib/lvsplan does not exist yet, stat, dd, mv; the sysctls written by its
  // shell; ip addr add; the re-read), then the state record write (dd and mv, the directory's mode not read
  // again). No remote command for the step nor the state record write, no sh of the step's own, no sysctl.
  expect(fromEmpty.map((c) => c.programs.join(' '))).toEqual(['sh flock ip grep bash mkdir stat dd mv ip ip grep dd mv rm']);
  expect(fromEmpty.map((c) => c.processes)).toEqual([16]);
  // The holder reads its two requests (the step's 2.3 KB in 48 texts, the record in 2) by length: a read(2)
  // per text and three per request, 57 in all, where reading lines took one per byte (3,817 through 15cc387's build).
  expect(fromEmpty[0]!.holderReads).toBeLessThan(100);
  // The director's `ipvsadm -R` batches (their stdin the batch) go through its lock holder too: no remote
  // command of their own (3 commands through 15cc387's build).
  expect(directorCommands()).toBe(1);
  expect(readFileSync(join(dir, 'argv.log'), 'utf8')).toContain('d1 ipvsadm -R');
  expect(readFileSync(join(dir, 'd1.ipvs'), 'utf8')).toContain(`-a -t ${VIP}:80 -r 198.51.100.61:80`);

  const inNs = (args: string[]) => execFileSync('ip', ['netns', 'exec', NETNS, ...args], { encoding: 'utf8' });
  expect(inNs(['sysctl', '-n', 'net.ipv4.conf.lo.arp_announce'])).toBe('2\n');
  expect(inNs(['ip', '-o', 'addr', 'show', 'dev', 'lo'])).toContain(`${VIP}/32`);
  const lib = join(dir, 'rs-varlib', 'lvsplan');
  expect(statSync(lib).mode & 0o777).toBe(0o700);
  expect(readdirSync(lib)).toEqual(['state.json']);
  expect(statSync(join(lib, 'state.json')).mode & 0o777).toBe(0o600);
  const record = parseStateRecord(readFileSync(join(lib, 'state.json'), 'utf8'));
  if (typeof record === 'string') throw new Error(`the state record written is not valid: ${record}`);
  expect(record.originalSysctls['net.ipv4.conf.all.arp_ignore']).toBe('0');
  expect(record.managed.map((m) => m.id)).toContain(`lo/${VIP}`);

  expect(apply()).toContain('No changes.');
  const nothing = remoteCommands();
  expect(nothing.map((c) => c.programs.join(' '))).toEqual(['sh flock ip grep cat bash rm']);
  expect(nothing.map((c) => c.processes)).toEqual([7]);
  expect(nothing[0]!.holderReads).toBe(1);
  expect(directorCommands()).toBe(1);
});

