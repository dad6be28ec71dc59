// The wall time of `lvsplan apply -auto-approve` of one DR service over one real server on the lab's default
// topology (the director and lvs01 reached over ssh as an operator reaches them), from empty and then with
// nothing to change, the builds taking turns each round (so a change in the machine's load falls on both).
// Before each apply from empty the two hosts are put back by hand (nsenter, not timed): no IPVS service, no VIP,
// ARP sysctls 0, no state record. With --baseline OTHER/dist/lvsplan.mjs (main's before a change) its times are
// printed beside, with the ratio.
// Build first, then: node test/lab/lab.mjs run --topology default -- node test/bench/apply-realserver.mjs [--rounds N] [--baseline BUILD]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { labTopology } from './lab-topology.mjs';

const topology = labTopology('apply-realserver.mjs');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const rounds = Number(arg('--rounds', '4'));
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds needs a whole number of at least 1');
const LVSPLAN = new URL('../../dist/lvsplan.mjs', import.meta.url).pathname;
const baseline = arg('--baseline', null);
const BUILDS = baseline === null ? [['lvsplan', LVSPLAN]] : [['baseline', resolve(baseline)], ['this build', LVSPLAN]];
const host = (name) => topology.hosts.find((h) => h.name === name);
const VIP = topology.vip;
const ARP = ['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.lo.arp_ignore', 'net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.lo.arp_announce'];

const dir = mkdtempSync(join(tmpdir(), 'apply-realserver-'));
writeFileSync(
  join(dir, 'main.hcl'),
  `director "lvs-dr" {
  connection {
    host    = "${host('director').address}"
    timeout = "90s"
  }
  interface = "eth0"
}
realserver "lvs01" {
  address = "${host('lvs01').address}"
  connection {
    host    = "${host('lvs01').address}"
    timeout = "90s"
  }
}
virtual_server "web" {
  director   = "lvs-dr"
  address    = "${VIP}"
  port       = 80
  scheduler  = "rr"
  forwarding = "dr"
  backend "lvs01" {}
}
`,
);

const inHost = (name, script) => execFileSync('nsenter', ['-t', String(host(name).pid), '-m', '-n', '-u', '-r', '-w', '--', 'sh', '-c', script], { stdio: ['ignore', 'ignore', 'inherit'] });
function empty() {
  inHost('director', `ipvsadm -C; ip addr del ${VIP}/32 dev eth0 2>/dev/null; rm -rf /var/lib/lvsplan; true`);
  inHost('lvs01', `ip addr del ${VIP}/32 dev lo 2>/dev/null; sysctl -q -w ${ARP.map((n) => `${n}=0`).join(' ')}; rm -rf /var/lib/lvsplan`);
}

function apply(build, expect) {
  const start = process.hrtime.bigint();
  const r = spawnSync('node', [build, 'apply', '-auto-approve', '-no-color', dir], { env: { ...process.env, HOME: '/root', NO_COLOR: '1' }, encoding: 'utf8', timeout: 900_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const out = r.stdout + r.stderr;
  if (r.status !== 0 || !out.includes(expect)) throw new Error(`${build} apply exited ${r.status}, expected "${expect}":\n${out.slice(-3000)}`);
  return seconds;
}

const times = BUILDS.map(() => ({ fromEmpty: [], nothing: [] }));
for (let round = 0; round < rounds; round++) {
  BUILDS.forEach(([, build], b) => {
    empty();
    times[b].fromEmpty.push(apply(build, 'Apply complete!'));
    times[b].nothing.push(apply(build, 'No changes.'));
  });
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const row = (label, key) => {
  const min = (b) => Math.min(...times[b][key]);
  const cells = BUILDS.map(([name], b) => `${name} ${mean(times[b][key]).toFixed(2)} s, least ${min(b).toFixed(1)} s (${times[b][key].map((t) => t.toFixed(1)).join(' ')})`);
  const ratio = BUILDS.length === 2 ? ` (${(mean(times[0][key]) / mean(times[1][key])).toFixed(2)}x, least ${(min(0) / min(1)).toFixed(2)}x)` : '';
  console.log(`  ${label}: ${cells.join('; ')}${ratio}`);
};
console.log(`apply-realserver: lvsplan apply -auto-approve of one DR service over one real server, mean and least wall time of ${rounds} rounds (each run's in brackets)${BUILDS.length === 2 ? '; (baseline / this build)' : ''}`);
row('from empty (the director and lvs01)', 'fromEmpty');
row('with nothing to change', 'nothing');
