// Runs inside the lab VM as root: builds a topology (namespaces on a bridge, sshd and HTTP per host)
// and writes its description to /lab/topology.json for the test API.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readUptime, LAB_ROOT, SNAPSHOT_GLOBS } from './lib/inside.mjs';
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
// Under TCG every process start costs 0.2-0.3 s, so the links of all hosts are made by one `ip -batch`
// and each host is brought up by one short script; hosts start a few at a time.
const links = [
  `link add ${br} type bridge forward_delay 0 stp_state 0`,
  `addr add ${topology.operator}/${prefix} dev ${br}`,
  `link set ${br} up`,
  'link set lo up',
  ...topology.hosts.flatMap(({ name: h }) => [
    `netns add ${h}`,
    `link add veth-${h} type veth peer name eth0 netns ${h}`,
    `link set veth-${h} master ${br} up`,
  ]),
];
run(['ip', '-batch', '-'], { input: links.join('\n') + '\n' });
const progress = (what) => process.stderr.write(`lab: ${what} at guest uptime ${readUptime()}s\n`);
progress(`links of ${topology.hosts.length} hosts made`);

// sh has no brace expansion: the globs' {a,b} alternatives are spelled out.
const snapshotFiles = SNAPSHOT_GLOBS.flatMap((glob) => {
  const m = /^(.*)\{([^}]*)\}(.*)$/.exec(glob);
  return m ? m[2].split(',').map((alt) => `${m[1]}${alt}${m[3]}`) : [glob];
})
  .map((glob) => `/proc/sys/${glob}`)
  .join(' ');

// Each host gets private /var/lib, /run and /tmp (bound from its own directory) so state records and locks
// never collide; the build machine's /root/.bashrc (pyenv init, ...) would run for every remote command.
function hostScript(host) {
  const h = host.name;
  const dir = `${LAB_ROOT}/hosts/${h}`;
  for (const sub of ['www', 'var-lib', 'run/sshd', 'run/lock', 'tmp']) mkdirSync(`${dir}/${sub}`, { recursive: true });
  chmodSync(`${dir}/run/sshd`, 0o755);
  chmodSync(`${dir}/tmp`, 0o1777);
  writeFileSync(`${dir}/bashrc`, '');
  const binds = [[`${dir}/var-lib`, '/var/lib'], [`${dir}/run`, '/run'], [`${dir}/tmp`, '/tmp']];
  if (existsSync('/root/.bashrc')) binds.push([`${dir}/bashrc`, '/root/.bashrc']);
  writeFileSync(`${dir}/fstab`, binds.map(([from, to]) => `${from} ${to} none bind 0 0\n`).join(''));
  writeFileSync(`${dir}/net`, ['link set lo up', `addr add ${host.address}/${prefix} dev eth0`, 'link set eth0 up', ''].join('\n'));
  let http = '';
  if (host.http) {
    writeFileSync(`${dir}/www/index.html`, `${h} host!\n`);
    http = `busybox httpd -p 0.0.0.0:80 -h ${dir}/www && `;
  }
  return (
    `mount -a -T ${dir}/fstab && ip -batch ${dir}/net && echo ${h} >/proc/sys/kernel/hostname && ` +
    // One grep prints every snapshot file's lines as "path:line" (sh's read would keep the first byte of a number: dash
    // reads a byte at a time, and a /proc/sys number file is empty past offset 0, so "1024" was snapshot as "1").
    `grep -a -H -s -e '' -- ${snapshotFiles} >${dir}/sysctls; ` +
    `${http}exec /usr/sbin/sshd -f ${ssh}/sshd_config -o PidFile=${dir}/sshd.pid`
  );
}

function startHost(host) {
  const argv = ['ip', 'netns', 'exec', host.name, 'unshare', '-m', '-u', '--propagation', 'private', 'sh', '-c', hostScript(host)];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`topology ${name}: host ${host.name} failed (${code}): ${stderr}`))));
  });
}

const STARTING_AT_ONCE = 6;
const queue = [...topology.hosts];
let started = 0;
await Promise.all(
  Array.from({ length: STARTING_AT_ONCE }, async () => {
    for (let host = queue.shift(); host; host = queue.shift()) {
      await startHost(host);
      if (++started % 10 === 0) progress(`${started} of ${topology.hosts.length} hosts started`);
    }
  }),
);

/** The snapshot's "path:line" lines as sysctl names and values (the lines of a value joined by a space, as `sysctl -a` does). */
function snapshotValues(text) {
  const values = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const colon = line.indexOf(':');
    const name = line.slice('/proc/sys/'.length, colon).replaceAll('/', '.');
    values[name] = name in values ? `${values[name]} ${line.slice(colon + 1)}` : line.slice(colon + 1);
  }
  return values;
}

const hosts = [];
for (const host of topology.hosts) {
  const dir = `${LAB_ROOT}/hosts/${host.name}`;
  for (let i = 0; i < 100 && !existsSync(`${dir}/sshd.pid`); i++) await new Promise((r) => setTimeout(r, 50));
  const text = readFileSync(`${dir}/sysctls`, 'utf8');
  hosts.push({
    ...host,
    pid: Number(readFileSync(`${dir}/sshd.pid`, 'utf8').trim()),
    sysctlDefaults: snapshotValues(text),
  });
}

const description = {
  name,
  operator: topology.operator,
  vip: topology.vip,
  bridge: topology.bridge,
  sshConfig: '/root/.ssh/config',
  identity: `${ssh}/id_ed25519`,
  readyAtUptime: readUptime(),
  hosts,
};
writeFileSync(`${LAB_ROOT}/topology.json`, JSON.stringify(description, null, 2) + '\n');
process.stderr.write(`lab: topology ${name} ready at guest uptime ${description.readyAtUptime}s\n`);
