// Runs inside the lab VM: builds the seed's table and a rich table on the real kernel and
// writes what ipvsadm prints into test/fixtures/captured/ (mounted writable with --rw).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: ipvs-tables.mjs OUTDIR');

function sh(argv, input) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', input });
  return { argv, stdin: input ?? null, exit: r.status, stdout: r.stdout, stderr: r.stderr };
}
function must(argv, input) {
  const r = sh(argv, input);
  if (r.exit !== 0) throw new Error(`${argv.join(' ')} -> ${r.exit}: ${r.stderr}`);
  return r.stdout;
}
function save(dir, name, text) {
  mkdirSync(join(out, dir), { recursive: true });
  writeFileSync(join(out, dir, name), text);
}
function snapshot(dir) {
  save(dir, 'ipvsadm-Sn.txt', must(['ipvsadm', '-Sn']));
  save(dir, 'ipvsadm-Ln.txt', must(['ipvsadm', '-Ln']));
  save(dir, 'ipvsadm-Ln-thresholds.txt', must(['ipvsadm', '-Ln', '--thresholds']));
  save(dir, 'ipvsadm-Ln-stats.txt', must(['ipvsadm', '-Ln', '--stats']));
  save(dir, 'ipvsadm-Ln-rate.txt', must(['ipvsadm', '-Ln', '--rate']));
  save(dir, 'ipvsadm-Ln-persistent-conn.txt', must(['ipvsadm', '-Ln', '--persistent-conn']));
}
function apply(dir, lines) {
  const failures = [];
  for (const line of lines) {
    const r = sh(['ipvsadm', ...line.split(/\s+/)]);
    if (r.exit !== 0) failures.push(r);
  }
  save(dir, 'commands.txt', lines.map((l) => `ipvsadm ${l}\n`).join(''));
  if (failures.length) save(dir, 'rejected-commands.json', JSON.stringify(failures, null, 2) + '\n');
}

for (const argv of [
  ['ip', 'link', 'add', 'eth0', 'type', 'dummy'],
  ['ip', 'link', 'set', 'eth0', 'up'],
  ['ip', 'addr', 'add', '192.168.122.5/24', 'dev', 'eth0'],
  ['ip', 'addr', 'add', '10.1.0.1/24', 'dev', 'eth0'],
  ['ip', '-6', 'addr', 'add', '2001:db8:1::1/64', 'dev', 'eth0', 'nodad'],
]) must(argv);

// (a) the seed's cluster, exactly as its director script builds it
must(['ipvsadm', '-C']);
apply('seed', [
  '-A -t 192.168.122.50:80 -s rr',
  '-a -t 192.168.122.50:80 -r 192.168.122.10:80 -g -w 1',
  '-a -t 192.168.122.50:80 -r 192.168.122.20:80 -g -w 1',
]);
snapshot('seed');

// (b) a rich table: every protocol, family, scheduler, flag and forwarding method
must(['ipvsadm', '-C']);
const rich = [
  '-A -t 192.168.122.50:80 -s rr',
  '-a -t 192.168.122.50:80 -r 192.168.122.10:80 -g -w 1',
  '-a -t 192.168.122.50:80 -r 192.168.122.20:80 -g -w 0',
  '-A -t 192.168.122.51:443 -s wrr -p 300 -M 255.255.255.0',
  '-a -t 192.168.122.51:443 -r 10.1.0.10:8443 -m -w 3 -x 100 -y 50',
  '-a -t 192.168.122.51:443 -r 10.1.0.11:443 -m -w 65535 -x 0 -y 0',
  '-A -u 192.168.122.52:53 -s lc -o',
  '-a -u 192.168.122.52:53 -r 10.1.0.10:5353 -m -w 1',
  '-A --sctp-service 192.168.122.53:9000 -s wlc',
  '-a --sctp-service 192.168.122.53:9000 -r 192.168.122.10:9000 -g -w 2',
  '-A -t 192.168.122.54:80 -s lblc',
  '-a -t 192.168.122.54:80 -r 10.1.0.20:80 -i -w 1',
  '-a -t 192.168.122.54:80 -r 10.1.0.21:80 -i --tun-type ipip -w 1',
  '-A -t 192.168.122.55:80 -s lblcr',
  '-a -t 192.168.122.55:80 -r 10.1.0.20:80 -i --tun-type gue --tun-port 6080 -w 1',
  '-a -t 192.168.122.55:80 -r 10.1.0.21:80 -i --tun-type gue --tun-port 6081 --tun-nocsum -w 1',
  '-a -t 192.168.122.55:80 -r 10.1.0.22:80 -i --tun-type gue --tun-port 6082 --tun-csum -w 1',
  '-a -t 192.168.122.55:80 -r 10.1.0.23:80 -i --tun-type gue --tun-port 6083 --tun-remcsum -w 1',
  '-A -t 192.168.122.56:80 -s dh',
  '-a -t 192.168.122.56:80 -r 10.1.0.20:80 -i --tun-type gre -w 1',
  '-a -t 192.168.122.56:80 -r 10.1.0.21:80 -i --tun-type gre --tun-csum -w 1',
  '-A -t 192.168.122.57:80 -s sh -b sh-fallback,sh-port',
  '-a -t 192.168.122.57:80 -r 192.168.122.10:80 -g -w 1',
  '-A -t 192.168.122.58:80 -s sed',
  '-A -t 192.168.122.59:80 -s nq -b flag-3',
  '-A -t 192.168.122.60:80 -s fo',
  '-a -t 192.168.122.60:80 -r 192.168.122.10:80 -g -w 0',
  '-a -t 192.168.122.60:80 -r 192.168.122.20:80 -g -w 65535',
  '-A -t 192.168.122.61:80 -s ovf',
  '-a -t 192.168.122.61:80 -r 192.168.122.10:80 -g -w 5 -x 10',
  '-A -t 192.168.122.62:80 -s mh -b mh-fallback,mh-port',
  '-a -t 192.168.122.62:80 -r 192.168.122.10:80 -g -w 1',
  '-A -t 192.168.122.63:80 -s mh -b mh-port',
  '-A -t 192.168.122.64:80 -s sh -b sh-port',
  '-A -t 192.168.122.65:80 -s rr -b flag-1,flag-2,flag-3',
  '-A -u 192.168.122.66:5060 -s rr -p 60 --pe sip',
  '-a -u 192.168.122.66:5060 -r 192.168.122.10:5060 -g -w 1',
  '-A -t 192.168.122.67:0 -s rr -p',
  '-a -t 192.168.122.67:0 -r 192.168.122.10:0 -g -w 1',
  '-A -t 192.168.122.68:80 -s twos',
  '-A -f 1 -s rr',
  '-a -f 1 -r 192.168.122.10:0 -g -w 1',
  '-a -f 1 -r 10.1.0.30:8080 -m -w 2',
  '-A -f 2 -s wlc -p 1800 -M 255.255.0.0',
  '-A -f 3 -6 -s wlc -p 120 -M 64',
  '-a -f 3 -6 -r [2001:db8:1::10]:0 -g -w 1',
  '-A -t [2001:db8:1::50]:80 -s rr',
  '-a -t [2001:db8:1::50]:80 -r [2001:db8:1::10]:80 -g -w 1',
  '-a -t [2001:db8:1::50]:80 -r [2001:db8:1::20]:8080 -m -w 2',
  '-a -t [2001:db8:1::50]:80 -r [2001:db8:1::30]:80 -i --tun-type ipip -w 1',
  '-A -t [2001:db8:1::51]:443 -s sh -b sh-port -p 120 -M 64',
  '-a -t [2001:db8:1::51]:443 -r [2001:db8:1::10]:443 -g -w 1',
  '-A -u [2001:db8:1::52]:53 -s lc -o',
  '-A --sctp-service [2001:db8:1::53]:9000 -s nq',
];
apply('rich', rich);
snapshot('rich');

// errors: what a failing command or -R batch prints, and the exit codes
must(['ipvsadm', '-C']);
must(['ipvsadm', '-A', '-t', '192.168.122.50:80', '-s', 'rr']);
const errors = [
  sh(['ipvsadm', '-R'], '-A -t 192.168.122.70:80 -s rr\n-A -t 192.168.122.50:80 -s rr\n-A -t 192.168.122.71:80 -s rr\n'),
  sh(['ipvsadm', '-R'], '-A -t 192.168.122.72:80 -s rr\n-A -t 192.168.122.73:80 -s rr\n-A -t 192.168.122.50:80 -s rr\n'),
  sh(['ipvsadm', '-R'], '-A -t 192.168.122.74:80 -s nosuch\n-A -t 192.168.122.75:80 -s rr\n'),
  sh(['ipvsadm', '-R'], '-A -t 192.168.122.76:80 -s rr\n-Q -x\n-A -t 192.168.122.77:80 -s rr\n'),
  sh(['ipvsadm', '-Sn']),
  sh(['ipvsadm', '-A', '-t', '192.168.122.50:80', '-s', 'rr']),
  sh(['ipvsadm', '-A', '-t', '192.168.122.78:80', '-s', 'nosuch']),
  sh(['ipvsadm', '-D', '-t', '192.168.122.99:80']),
  sh(['ipvsadm', '-E', '-t', '192.168.122.99:80', '-s', 'rr']),
  sh(['ipvsadm', '-a', '-t', '192.168.122.99:80', '-r', '192.168.122.10:80', '-g']),
  sh(['ipvsadm', '-a', '-t', '192.168.122.50:80', '-r', '192.168.122.10:80', '-g']),
  sh(['ipvsadm', '-a', '-t', '192.168.122.50:80', '-r', '192.168.122.10:80', '-g']),
  sh(['ipvsadm', '-e', '-t', '192.168.122.50:80', '-r', '192.168.122.11:80', '-g']),
  sh(['ipvsadm', '-d', '-t', '192.168.122.50:80', '-r', '192.168.122.11:80']),
  sh(['ipvsadm', '-a', '-t', '192.168.122.50:80', '-r', '172.31.9.9:80', '-g']),
  sh(['ipvsadm', '-a', '-t', '192.168.122.50:80', '-r', '192.168.122.20:80', '-g', '-w', '65536']),
  sh(['ipvsadm', '-A', '-t', '192.168.122.79:80', '-s', 'rr', '-b', 'sh-port']),
  sh(['ipvsadm', '-A', '-t', '192.168.122.80:80', '-s', 'rr', '--pe', 'nosuch']),
  sh(['ipvsadm', '-Sn']),
];
save('errors', 'ipvsadm-errors.json', JSON.stringify(errors, null, 2) + '\n');
must(['ipvsadm', '-C']);

const uname = must(['uname', '-r']).trim();
const version = must(['ipvsadm', '--version']).trim();
save('.', 'versions.txt', `kernel ${uname}\n${version}\n`);
process.stdout.write(`captured into ${out}: kernel ${uname}, ${version}\n`);
