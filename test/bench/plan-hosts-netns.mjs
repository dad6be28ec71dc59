// `lvsplan plan` over 1, 10 and 100 real servers reached over real ssh, on this machine's own kernel (no
// emulation): each real server is a network namespace this bench creates with its own sshd; the director is a
// namespace reached through the exec transport with an ipvsadm stand-in (this kernel has no IPVS; the lab's
// plan-hosts.mjs runs the real thing under TCG). Side by side in one run: default parallelism vs 100, where the
// time goes, and fresh connections vs the operator's own ControlMaster sockets.
// The two cores run the simulated hosts too, so each plan's CPU is split: lvsplan's own (its node process, its ssh
// clients and masters, the director's read through exec: everything it starts, reaped by a subreaper wrapper) and the
// simulated hosts' (each namespace's listening sshd reaps its sessions, so its cutime+cstime grows by their CPU: the
// sessions, the login shells, the reads; through a master they stay under the connection's own sshd, summed too).
// The operator's masters (started by this bench, not lvsplan) are counted in neither. The row's CPU-bound floor is their sum over the cores, next to its wall time
// and the aim's ideal (ceil(N / parallelism) x the 1-server plan).
// With --baseline OTHER/dist/lvsplan.mjs (another build, e.g. main's before a change) both builds are measured in the
// same run, each plan of one right after the same plan of the other.
// Needs root, sshd, python3 (the subreaper) and a build: npm run build && node test/bench/plan-hosts-netns.mjs [--sizes 1,10,100] [--baseline BUILD]
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

const sizesAt = process.argv.indexOf('--sizes');
const sizes = sizesAt < 0 ? [1, 10, 100] : process.argv[sizesAt + 1].split(',').map(Number);
if (sizes[0] !== 1 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
  console.error('--sizes: a comma-separated list of real server counts from 1 to 100 that starts with 1, e.g. 1,10');
  process.exit(1);
}
const REAL_SERVERS = Math.max(...sizes);

// The operator's ssh config (ControlMaster auto with a ControlPath, as many users have) goes where OpenSSH and
// lvsplan read it, ~/.ssh/config of the passwd entry (not $HOME): the bench runs itself again in a private mount
// namespace where that home directory is an empty one of its own (so no ~/.bashrc runs in the hosts' sessions either).
const HOME = userInfo().homedir;
if (process.env.PLAN_HOSTS_NETNS_HOME === undefined) {
  const home = mkdtempSync(join(tmpdir(), 'plan-hosts-netns-home-'));
  const bind = 'mount --bind "$1" "$2" && shift 2 && exec "$@"';
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', bind, 'home', home, HOME, process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PLAN_HOSTS_NETNS_HOME: home },
  });
  rmSync(home, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
const LVSPLAN = resolve('dist/lvsplan.mjs');
const baselineAt = process.argv.indexOf('--baseline');
const BUILDS = baselineAt < 0 ? [['lvsplan', LVSPLAN]] : [['baseline', resolve(process.argv[baselineAt + 1])], ['this build', LVSPLAN]];
const CORES = availableParallelism();
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const tag = `lph${process.pid % 10000}`;
const dir = mkdtempSync(join(tmpdir(), 'plan-hosts-netns-'));
const address = (i) => `203.0.113.${i + 1}`;
const nsName = (i) => `${tag}-${i}`;
const sh = (argv, input) => execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', input });
const sshdPids = [];

function cleanup() {
  for (const pid of sshdPids) {
    try {
      process.kill(pid);
    } catch {}
  }
  for (let i = 0; i <= REAL_SERVERS; i++) spawnSync('ip', ['netns', 'del', nsName(i)]);
  spawnSync('ip', ['link', 'del', `${tag}-br`]);
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

for (const k of ['host', 'client']) sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', join(dir, k)]);
writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client.pub')));
const hostKey = readFileSync(join(dir, 'host.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
writeFileSync(join(dir, 'known_hosts'), Array.from({ length: REAL_SERVERS + 1 }, (_, i) => `${address(i)} ${hostKey}\n`).join(''));
writeFileSync(
  join(dir, 'sshd_config'),
  [`HostKey ${join(dir, 'host')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'UsePAM no', 'UseDNS no', 'StrictModes no', 'PrintMotd no', 'MaxStartups 200', 'MaxSessions 100', ''].join('\n'),
);
mkdirSync(join(HOME, '.ssh'), { mode: 0o700 });
/**
 * The operator's ssh config: with their masters (ControlPath) or without (then lvsplan runs no `ssh -G` per host), and
 * optionally with the classic key exchange instead of OpenSSH 9's default post-quantum hybrid (sntrup761x25519).
 */
const sshConfig = ({ controlPath = true, kex } = {}) =>
  writeFileSync(
    join(HOME, '.ssh', 'config'),
    ['Host *', '  User root', `  IdentityFile ${join(dir, 'client')}`, '  IdentitiesOnly yes', '  IdentityAgent none', '  StrictHostKeyChecking yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`, '  GlobalKnownHostsFile /dev/null', '  LogLevel ERROR', '  GSSAPIAuthentication no',
      ...(kex ? [`  KexAlgorithms ${kex}`] : []),
      ...(controlPath ? ['  ControlMaster auto', `  ControlPath ${join(dir, 'cm-%C')}`, '  ControlPersist 300'] : []), ''].join('\n'),
  );
sshConfig();
mkdirSync(join(dir, 'fake'));
writeFileSync(join(dir, 'fake', 'ipvsadm'), '#!/bin/sh\ncase "$*" in *-S*) ;; *) echo "IP Virtual Server version 1.2.1 (size=4096)";; esac\n');
chmodSync(join(dir, 'fake', 'ipvsadm'), 0o755);
const env = { ...process.env, NO_COLOR: '1' };


// The network: a bridge, the director (namespace 0) and the real servers, each with its own sshd.
mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
const links = [`link add ${tag}-br type bridge`, `addr add 203.0.113.254/24 dev ${tag}-br`, `link set ${tag}-br up`];
for (let i = 0; i <= REAL_SERVERS; i++) {
  links.push(`netns add ${nsName(i)}`, `link add ${tag}-v${i} type veth peer name eth0 netns ${nsName(i)}`, `link set ${tag}-v${i} master ${tag}-br up`);
}
sh(['ip', '-batch', '-'], links.join('\n') + '\n');
for (let i = 0; i <= REAL_SERVERS; i++) {
  sh(['ip', '-n', nsName(i), '-batch', '-'], `link set lo up\naddr add ${address(i)}/24 dev eth0\nlink set eth0 up\n`);
  if (i === 0) continue;
  const pidFile = join(dir, `sshd-${i}.pid`);
  sh(['ip', 'netns', 'exec', nsName(i), '/usr/sbin/sshd', '-f', join(dir, 'sshd_config'), '-o', `PidFile=${pidFile}`]);
  // The pid file once whole (sshd writes it after creating it: a read in between gave a partial pid, so cleanup
  // signalled some other process and the sshd lived on), and the pid an sshd's.
  let pid = 0;
  for (let t = 0; t < 200 && !pid; t++) {
    const text = existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : '';
    if (/^\d+\n$/.test(text)) pid = Number(text);
    else sh(['sleep', '0.05']);
  }
  if (!pid || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sshd')) throw new Error(`sshd of namespace ${nsName(i)} did not start (pid file ${pidFile})`);
  sshdPids.push(pid);
}

function configFor(n) {
  const target = join(dir, `n${n}`);
  mkdirSync(target);
  const rs = Array.from({ length: n }, (_, k) => k + 1);
  writeFileSync(
    join(target, 'main.hcl'),
    [
      `director "lvs-dr" {\n  connection {\n    type = "exec"\n    command = ["ip", "netns", "exec", "${nsName(0)}", "env", "PATH=${join(dir, 'fake')}:/usr/sbin:/usr/bin:/sbin:/bin"]\n  }\n  interface = "eth0"\n}`,
      ...rs.map((i) => `realserver "rs${i}" {\n  address = "${address(i)}"\n  connection { host = "${address(i)}" }\n}`),
      `virtual_server "web" {\n  director = "lvs-dr"\n  address = "203.0.113.250"\n  port = 80\n  scheduler = "rr"\n  forwarding = "dr"`,
      ...rs.map((i) => `  backend "rs${i}" { weight = 1 }`),
      '}',
      '',
    ].join('\n'),
  );
  return target;
}

function timed(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, code: r.status, out: r.stdout + r.stderr };
}

// Runs a command as the child of a subreaper that, once it exits, waits (up to 10 s) for what it left behind (ssh
// masters that went to the background) and prints the CPU of all of it and the command's own wall time.
const SUBREAPER = `import ctypes, os, resource, sys, time
if ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) != 0: sys.exit('prctl(PR_SET_CHILD_SUBREAPER) failed')
t0 = time.monotonic(); pid = os.fork()
if pid == 0: os.execvp(sys.argv[1], sys.argv[1:])
status = os.waitpid(pid, 0)[1]; wall = time.monotonic() - t0
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    try:
        if os.waitpid(-1, os.WNOHANG)[0] == 0: time.sleep(0.02)
    except ChildProcessError: break
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print('@@cpu %.3f %.3f' % (ru.ru_utime + ru.ru_stime, wall), file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))`;

const stat = (pid) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(') ') + 2).split(' ');
  return { comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(') ')), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
};
const children = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
/** The namespaces' sshds and everything under them: [pid, stat] for each live process. */
function hostProcesses() {
  const out = [];
  const walk = (pid) => {
    try {
      out.push([pid, stat(pid)]);
    } catch {
      return; // ended meanwhile: its CPU is in its parent's cutime, read next time
    }
    for (const c of children(pid)) walk(c);
  };
  for (const pid of sshdPids) walk(pid);
  return out;
}
/**
 * CPU seconds the simulated hosts have used so far: each process's utime+stime+cutime+cstime over the sshds' trees.
 * A process that ends moves its share into its parent's cutime+cstime when reaped, so the sum only grows by new work
 * (the sessions, their shells and reads; a session through a master stays under that connection's sshd).
 */
function hostsCpu() {
  return hostProcesses().reduce((t, [, s]) => t + s.ticks, 0) / TICK;
}
/**
 * Waits (at most about 30 s) until the hosts are quiet: only sshds are left under the namespaces' sshds (every session's shell
 * and read has ended) and their CPU stands still over 300 ms (connections that a plan or the bench ended have finished
 * tearing down), so no plan's hosts' CPU holds what the one before it left behind.
 */
function hostsSettled() {
  let last = -1;
  for (let t = 0; t < 100; t++) {
    const processes = hostProcesses();
    const cpu = processes.reduce((sum, [, s]) => sum + s.ticks, 0);
    if (cpu === last && processes.every(([, s]) => s.comm.startsWith('sshd'))) return;
    last = cpu;
    sh(['sleep', '0.3']);
  }
}

/** One plan: wall seconds, lvsplan's CPU seconds, the hosts' CPU seconds. */
function plan(build, target, extra = []) {
  hostsSettled();
  const hosts0 = hostsCpu();
  const r = timed(['python3', '-c', SUBREAPER, 'node', build, 'plan', '-detailed-exitcode', '-no-color', ...extra, target]);
  const m = /@@cpu ([\d.]+) ([\d.]+)\n$/.exec(r.out);
  if (r.code !== 2 || !m) throw new Error(`lvsplan plan ${extra.join(' ')} exited ${r.code}:\n${r.out.slice(-3000)}`);
  hostsSettled();
  return { wall: Number(m[2]), cpu: Number(m[1]), hosts: hostsCpu() - hosts0 };
}
const ssh = (args) => timed(['ssh', ...args]);
const startMasters = (n) => {
  for (let i = 1; i <= n; i++) ssh([address(i), 'true']);
};
const endMasters = (n) => {
  for (let i = 1; i <= n; i++) ssh(['-O', 'exit', address(i)]);
};
const ms = (x) => `${(x * 1000).toFixed(0)} ms`;
const sec = (x) => `${x.toFixed(2)} s`;

const dirs = Object.fromEntries(sizes.map((n) => [n, configFor(n)]));
console.log(
  `plan-hosts-netns: lvsplan plan over N real servers (ssh, one sshd per namespace) + 1 director (exec), this machine's kernel, ${REAL_SERVERS} namespaces, ` +
    `${CORES} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`,
);
for (const [, build] of BUILDS) plan(build, dirs[1]); // warm-up: file cache, node's compile cache
// How hosts are reached: fresh connections (the operator's config names a ControlPath, no master is up), fresh
// connections with a config that names none (and also with the classic key exchange), or through the operator's masters.
const MODES = [
  ['fresh connections', 10, 'fresh'],
  ['fresh connections', 100, 'fresh'],
  ['fresh, no ControlPath in ssh_config', 10, 'plain'],
  ['fresh, no ControlPath, KexAlgorithms curve25519-sha256', 10, 'plain-classic-kex'],
  ["the operator's masters", 10, 'masters'],
  ["the operator's masters", 100, 'masters'],
];
const CONFIGS = { plain: { controlPath: false }, 'plain-classic-kex': { controlPath: false, kex: 'curve25519-sha256' } };
const results = new Map(); // `${build} ${n} ${mode index}` -> plan()
for (const n of sizes) {
  console.log(`  ${n} real server${n === 1 ? '' : 's'}: wall | lvsplan's CPU + the hosts' CPU = floor (CPU / ${CORES} cores) | ideal (ceil(${n}/parallelism) x the 1-server plan)`);
  for (const [k, [mode, parallelism, reach]] of MODES.entries()) {
    if (reach === 'masters') startMasters(n);
    if (CONFIGS[reach]) sshConfig(CONFIGS[reach]);
    for (const [name, build] of BUILDS) {
      const r = plan(build, dirs[n], parallelism === 10 ? [] : ['--parallelism', String(parallelism)]);
      results.set(`${name} ${n} ${k}`, r);
      const one = results.get(`${name} 1 ${k}`);
      const ideal = Math.ceil(n / parallelism) * one.wall;
      console.log(
        `    ${name.padEnd(10)} ${`${mode}, parallelism ${parallelism}`.padEnd(68)} ${sec(r.wall).padStart(8)} | ${sec(r.cpu).padStart(8)} + ${sec(r.hosts).padStart(8)} = ` +
          `${sec((r.cpu + r.hosts) / CORES).padStart(8)} | ${sec(ideal).padStart(8)} (${(r.wall / one.wall).toFixed(2)}x the 1-server plan; wall / floor ${(r.wall / ((r.cpu + r.hosts) / CORES)).toFixed(2)})`,
      );
    }
    if (reach === 'masters') endMasters(n);
    if (CONFIGS[reach]) sshConfig();
  }
}
if (BUILDS.length === 2) {
  for (const n of sizes) {
    const cmp = MODES.map(([mode, parallelism], k) => {
      const [a, b] = BUILDS.map(([name]) => results.get(`${name} ${n} ${k}`));
      return `${mode} ${parallelism}: wall ${(a.wall / b.wall).toFixed(2)}x, hosts' CPU ${(a.hosts / b.hosts).toFixed(2)}x, lvsplan's CPU ${(a.cpu / b.cpu).toFixed(2)}x`;
    });
    console.log(`  this build against the baseline, ${n} real server${n === 1 ? '' : 's'} (baseline / this build): ${cmp.join('; ')}`);
  }
}

const local = timed(['node', LVSPLAN, 'validate', dirs[REAL_SERVERS]]).seconds;
/** The ssh client's CPU and wall seconds for `ssh ARGS true`, means of 10 (the client alone: the host's sshd is not counted). */
const sshCost = (args) => {
  const runs = Array.from({ length: 10 }, () => /@@cpu ([\d.]+) ([\d.]+)\n$/.exec(timed(['python3', '-c', SUBREAPER, 'ssh', ...args, address(1), 'true']).out));
  return runs.reduce((t, m) => ({ cpu: t.cpu + Number(m[1]) / 10, wall: t.wall + Number(m[2]) / 10 }), { cpu: 0, wall: 0 });
};
const fresh = sshCost(['-o', 'ControlPath=none']);
const classic = sshCost(['-o', 'ControlPath=none', '-o', 'KexAlgorithms=curve25519-sha256']);
ssh([address(1), 'true']);
const reused = sshCost([]);
endMasters(1);
const cost = (c) => `${ms(c.wall)} (the client's CPU ${ms(c.cpu)})`;
console.log(
  `where the time goes: lvsplan validate of the ${REAL_SERVERS}-server configuration (process start, parse, evaluate; no host) ${ms(local)}; ` +
    `a fresh ssh connection running true ${cost(fresh)}, with KexAlgorithms curve25519-sha256 instead of the default sntrup761x25519 ${cost(classic)}; ` +
    `true over an open master ${cost(reused)}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
