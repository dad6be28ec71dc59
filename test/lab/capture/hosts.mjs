// Runs inside the lab VM with --topology default: builds the seed's cluster with its scripts
// (entering the hosts directly, no SSH) and captures addresses and sysctls as lvsplan reads them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_DIR } from '../seed/build-by-hand.mjs';

const out = join(process.argv[2], 'hosts');
const topology = JSON.parse(readFileSync(process.env.LVSPLAN_LAB_TOPOLOGY, 'utf8'));
const host = (name) => topology.hosts.find((h) => h.name === name);

function inHost(name, argv, env = {}) {
  const r = spawnSync('nsenter', ['-t', String(host(name).pid), '-m', '-n', '-u', '-r', '-w', '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name}: ${argv.join(' ')} -> ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const vip = topology.vip;
for (const rs of ['lvs01', 'lvs02']) inHost(rs, ['sh', join(SEED_DIR, 'lvs-realserver.sh'), 'start'], { VIP: vip });
inHost('director', ['sh', join(SEED_DIR, 'lvs-director.sh'), 'start'], { VIP: vip, RIPS: `${host('lvs01').address} ${host('lvs02').address}` });
// An IPv6 VIP too, so the -6 captures have something besides link-local addresses.
inHost('director', ['ip', '-6', 'addr', 'add', '2001:db8:1::50/128', 'dev', 'eth0', 'nodad']);
inHost('lvs01', ['ip', '-6', 'addr', 'add', '2001:db8:1::50/128', 'dev', 'lo']);

const SYSCTLS = [
  'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce',
  'net.ipv4.conf.lo.arp_ignore', 'net.ipv4.conf.lo.arp_announce',
  'net.ipv4.conf.eth0.arp_ignore', 'net.ipv4.conf.eth0.arp_announce',
  'net.ipv4.ip_forward',
];

mkdirSync(out, { recursive: true });
for (const name of ['director', 'lvs01']) {
  writeFileSync(join(out, `${name}-ip-o-addr-show.txt`), inHost(name, ['ip', '-o', 'addr', 'show']));
  writeFileSync(join(out, `${name}-ip-o-6-addr-show.txt`), inHost(name, ['ip', '-o', '-6', 'addr', 'show']));
  writeFileSync(join(out, `${name}-ip-o-4-addr-show.txt`), inHost(name, ['ip', '-o', '-4', 'addr', 'show']));
  writeFileSync(join(out, `${name}-sysctl-n.txt`), inHost(name, ['sysctl', '-n', ...SYSCTLS]));
  writeFileSync(join(out, `${name}-sysctl.txt`), inHost(name, ['sysctl', ...SYSCTLS]));
  const paths = SYSCTLS.map((s) => `/proc/sys/${s.replaceAll('.', '/')}`);
  writeFileSync(join(out, `${name}-proc-sys.txt`), inHost(name, ['sh', '-c', 'for f; do printf "%s\\t%s\\n" "$f" "$(cat "$f")"; done', 'sh', ...paths]));
}
writeFileSync(join(out, 'director-sysctl-net.ipv4.vs.txt'), inHost('director', ['sysctl', '-a', '--pattern', '^net\\.ipv4\\.vs\\.']));
writeFileSync(join(out, 'director-sysctl-n-net.ipv4.vs.txt'), inHost('director', ['sh', '-c', 'for f in /proc/sys/net/ipv4/vs/*; do printf "%s\\t%s\\n" "$f" "$(cat "$f" 2>&1 | tr "\\t" " ")"; done']));
writeFileSync(join(out, 'lvs01-ip-o-addr-show-dev-lo.txt'), inHost('lvs01', ['ip', '-o', 'addr', 'show', 'dev', 'lo']));
process.stdout.write(`captured hosts into ${out}\n`);
