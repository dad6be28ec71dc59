// Runs inside the lab VM as root: builds a topology (namespaces on a bridge, sshd and HTTP per host)
// and writes its description to /lab/topology.json for the test API.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readUptime, LAB_ROOT, SNAPSHOT_PATTERN } from './lib/inside.mjs';
import { sshClientConfig, sshdConfig } from './lib/sshd-config.mjs';

const name = process.argv[2] ?? 'default';
const topology = (await import(`./topologies/${name}.mjs`)).default;

function run(argv, options = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`topology ${name}: ${argv.join(' ')} failed (${r.status}): ${r.stderr}${r.error ?? ''}`);
  return r.stdout;
}

const ssh = `${LAB_ROOT}/ssh`;
mkdirSync(ssh, { recursive: true, mode: 0o700 });
run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'lab-operator', '-f', `${ssh}/id_ed25519`]);
run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'lab-host', '-f', `${ssh}/host_ed25519`]);
writeFileSync(`${ssh}/authorized_keys`, readFileSync(`${ssh}/id_ed25519.pub`));
const hostKey = readFileSync(`${ssh}/host_ed25519.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
writeFileSync(`${ssh}/known_hosts`, `${topology.hosts.map((h) => h.address).join(',')} ${hostKey}\n`);
writeFileSync(`${ssh}/sshd_config`, sshdConfig({ hostKey: `${ssh}/host_ed25519`, authorizedKeys: `${ssh}/authorized_keys` }));
mkdirSync('/root/.ssh', { recursive: true, mode: 0o700 });
writeFileSync('/root/.ssh/config', sshClientConfig({ identity: `${ssh}/id_ed25519`, knownHosts: `${ssh}/known_hosts`, controlDir: ssh }));

const br = topology.bridge.name;
const prefix = topology.bridge.prefixLength;
run(['ip', 'link', 'add', br, 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0']);
run(['ip', 'addr', 'add', `${topology.operator}/${prefix}`, 'dev', br]);
run(['ip', 'link', 'set', br, 'up']);
run(['ip', 'link', 'set', 'lo', 'up']);

const hosts = [];
for (const host of topology.hosts) {
  const h = host.name;
  const dir = `${LAB_ROOT}/hosts/${h}`;
  mkdirSync(dir, { recursive: true });
  run(['ip', 'netns', 'add', h]);
  run(['ip', 'link', 'add', `veth-${h}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h]);
  run(['ip', 'link', 'set', `veth-${h}`, 'master', br, 'up']);
  run(['ip', '-n', h, 'link', 'set', 'lo', 'up']);
  run(['ip', '-n', h, 'addr', 'add', `${host.address}/${prefix}`, 'dev', 'eth0']);
  run(['ip', '-n', h, 'link', 'set', 'eth0', 'up']);
  let http = '';
  if (host.http) {
    mkdirSync(`${dir}/www`, { recursive: true });
    writeFileSync(`${dir}/www/index.html`, `${h} host!\n`);
    http = `busybox httpd -p 0.0.0.0:80 -h ${dir}/www && `;
  }
  // Each host gets private /var/lib, /run and /tmp so state records and locks never collide.
  // The build machine's /root/.bashrc (pyenv init, ...) would run for every remote command: seconds each under TCG.
  writeFileSync(`${dir}/bashrc`, '');
  const script =
    'mount -t tmpfs tmpfs /var/lib && mount -t tmpfs tmpfs /run && mount -t tmpfs -o mode=1777 tmpfs /tmp && ' +
    `{ [ ! -e /root/.bashrc ] || mount --bind ${dir}/bashrc /root/.bashrc; } && ` +
    'mkdir -p /run/sshd /run/lock && chmod 0755 /run/sshd && ' +
    `hostname ${h} 2>/dev/null; ${http}exec /usr/sbin/sshd -f ${ssh}/sshd_config -o PidFile=${dir}/sshd.pid`;
  run(['ip', 'netns', 'exec', h, 'unshare', '-m', '-u', '--propagation', 'private', 'sh', '-c', script]);
  hosts.push({ ...host, pidFile: `${dir}/sshd.pid` });
}

for (const host of hosts) {
  for (let i = 0; i < 100 && !existsSync(host.pidFile); i++) await new Promise((r) => setTimeout(r, 50));
  host.pid = Number(readFileSync(host.pidFile, 'utf8').trim());
  const text = run(['nsenter', '-t', String(host.pid), '-m', '-n', '-r', '-w', '--', 'sysctl', '-e', '-a', '--pattern', SNAPSHOT_PATTERN]);
  host.sysctlDefaults = Object.fromEntries(
    text.split('\n').filter(Boolean).map((line) => line.split(' = ')).map(([k, v]) => [k, v ?? '']),
  );
}

const description = {
  name,
  operator: topology.operator,
  vip: topology.vip,
  bridge: topology.bridge,
  sshConfig: '/root/.ssh/config',
  identity: `${ssh}/id_ed25519`,
  readyAtUptime: readUptime(),
  hosts: hosts.map(({ pidFile, ...h }) => h),
};
writeFileSync(`${LAB_ROOT}/topology.json`, JSON.stringify(description, null, 2) + '\n');
process.stderr.write(`lab: topology ${name} ready at guest uptime ${description.readyAtUptime}s\n`);
