// `lvsplan plan` over 1, 10 and 100 real servers reached over real ssh, on this machine's own kernel (no
// emulation): each real server is a network namespace this bench creates with its own sshd; the director is a
// namespace reached through the exec transport with an ipvsadm stand-in (this kernel has no IPVS; the lab's
// plan-hosts.mjs runs the real thing under TCG). Side by side in one run: default parallelism vs 100, where the
// time goes, and fresh connections vs the operator's own ControlMaster sockets.
// Needs root, sshd and a build: npm run build && node test/bench/plan-hosts-netns.mjs [--sizes 1,10,100]
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const sizesAt = process.argv.indexOf('--sizes');
const sizes = sizesAt < 0 ? [1, 10, 100] : process.argv[sizesAt + 1].split(',').map(Number);
if (sizes[0] !== 1 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
  console.error('--sizes: a comma-separated list of real server counts from 1 to 100 that starts with 1, e.g. 1,10');
  process.exit(1);
}
const REAL_SERVERS = Math.max(...sizes);
const LVSPLAN = resolve('dist/lvsplan.mjs');
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
// The operator's ssh config (ControlMaster auto with a ControlPath, as many users have), given to lvsplan's
// `ssh` by a wrapper first in PATH: OpenSSH reads ~/.ssh/config from the passwd entry, not $HOME.
writeFileSync(
  join(dir, 'ssh_config'),
  ['Host *', '  User root', `  IdentityFile ${join(dir, 'client')}`, '  IdentitiesOnly yes', '  IdentityAgent none', '  StrictHostKeyChecking yes',
    `  UserKnownHostsFile ${join(dir, 'known_hosts')}`, '  GlobalKnownHostsFile /dev/null', '  LogLevel ERROR', '  ControlMaster auto',
    `  ControlPath ${join(dir, 'cm-%C')}`, '  ControlPersist 300', ''].join('\n'),
);
mkdirSync(join(dir, 'bin'));
writeFileSync(join(dir, 'bin', 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${join(dir, 'ssh_config')} "$@"\n`);
chmodSync(join(dir, 'bin', 'ssh'), 0o755);
mkdirSync(join(dir, 'fake'));
writeFileSync(join(dir, 'fake', 'ipvsadm'), '#!/bin/sh\ncase "$*" in *-S*) ;; *) echo "IP Virtual Server version 1.2.1 (size=4096)";; esac\n');
chmodSync(join(dir, 'fake', 'ipvsadm'), 0o755);
const env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, NO_COLOR: '1' };

// Each sshd runs where the operator's ~/.bashrc is an empty file: bash sources it for every command sshd runs,
// and this machine's (pyenv init) costs a second of CPU per command, which a real server's shell would not.
writeFileSync(join(dir, 'empty'), '');
const QUIET_SHELL = `rc="$HOME/.bashrc"; if [ -f "$rc" ]; then mount --bind "$1" "$rc" || exit 1; fi; exec ip netns exec "$2" /usr/sbin/sshd -f "$3" -o "PidFile=$4"`;

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
  sh(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', QUIET_SHELL, 'sshd-start', join(dir, 'empty'), nsName(i), join(dir, 'sshd_config'), pidFile]);
  for (let t = 0; t < 200 && !existsSync(pidFile); t++) sh(['sleep', '0.05']);
  sshdPids.push(Number(readFileSync(pidFile, 'utf8')));
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
function plan(target, extra = []) {
  const r = timed(['node', LVSPLAN, 'plan', '-detailed-exitcode', '-no-color', ...extra, target]);
  if (r.code !== 2) throw new Error(`lvsplan plan ${extra.join(' ')} exited ${r.code}:\n${r.out.slice(-3000)}`);
  return r.seconds;
}
const ssh = (args) => timed(['ssh', ...args]);
const endMasters = (n) => {
  for (let i = 1; i <= n; i++) ssh(['-O', 'exit', address(i)]);
};
const ms = (x) => `${(x * 1000).toFixed(0)} ms`;

const dirs = Object.fromEntries(sizes.map((n) => [n, configFor(n)]));
console.log(`plan-hosts-netns: lvsplan plan over N real servers (ssh, one sshd per namespace) + 1 director (exec), this machine's kernel, ${REAL_SERVERS} namespaces`);
plan(dirs[1]); // warm-up: file cache, node's compile cache
const rows = [];
for (const n of sizes) {
  const fresh = plan(dirs[n]);
  const wide = plan(dirs[n], ['--parallelism', '100']);
  for (let i = 1; i <= n; i++) ssh([address(i), 'true']);
  const viaMasters = plan(dirs[n]);
  const viaMastersWide = plan(dirs[n], ['--parallelism', '100']);
  endMasters(n);
  rows.push({ n, fresh, wide, viaMasters, viaMastersWide });
  console.log(
    `  ${String(n).padStart(3)} real servers: fresh connections ${ms(fresh)} (parallelism 10), ${ms(wide)} (parallelism 100); ` +
      `through the operator's masters ${ms(viaMasters)} (10), ${ms(viaMastersWide)} (100)`,
  );
}
const [one] = rows;
for (const r of rows.slice(1)) {
  const ideal = Math.ceil(r.n / 10);
  console.log(
    `  ${r.n} vs 1, fresh: ${(r.fresh / one.fresh).toFixed(2)}x at parallelism 10 (ideal ${ideal}x, aim <= ${(1.5 * ideal).toFixed(1)}x), ` +
      `${(r.wide / one.wide).toFixed(2)}x at parallelism 100 (ideal 1x, aim <= 1.5x)`,
  );
}
const last = rows.at(-1);
console.log(`  ControlMaster reuse, ${last.n} real servers: ${(last.fresh / last.viaMasters).toFixed(2)}x faster at parallelism 10, ${(last.wide / last.viaMastersWide).toFixed(2)}x at 100`);

const local = timed(['node', LVSPLAN, 'validate', dirs[REAL_SERVERS]]).seconds;
const fresh = ssh(['-o', 'ControlPath=none', address(1), 'true']).seconds;
ssh([address(1), 'true']);
const reused = ssh([address(1), 'true']).seconds;
endMasters(1);
console.log(
  `where the time goes: lvsplan validate of the ${REAL_SERVERS}-server configuration (process start, parse, evaluate; no host) ${ms(local)}; ` +
    `a fresh ssh connection running true ${ms(fresh)}; true over an open master ${ms(reused)}`,
);
