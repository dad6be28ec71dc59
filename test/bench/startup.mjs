// What a short lvsplan command costs as a whole process, start-up most of it, against `node -e 0` (node's own start):
// `lvsplan version`, `lvsplan validate examples/lvs-dr`, and `lvsplan plan` of one NAT service with two destinations
// on a director read through the `exec` transport (stand-in ipvsadm and ip, one weight drifted). Runs alternate
// between the cases (and the builds); medians of wall time, CPU time (user + system of the process tree, from bash's
// `times`) and peak RSS (GNU time). With --baseline OTHER/dist/lvsplan.mjs both builds are measured in the same run and
// their outputs compared byte for byte. With --instructions each row also runs once under valgrind's callgrind, which
// counts the instructions of the node process (not its children; node run with the flags of the CLI's #! line): a figure
// a loaded machine does not move. Every measured process runs without NODE_EXTRA_CA_CERTS: with it node reads its CA
// store as it starts (Node 20), whatever the program, which on the build machine is 4/5 of `node -e 0`'s instructions and
// would hide what lvsplan adds. The table-scale plan is test/bench/plan-cluster.mjs. Build first.
// Usage: node test/bench/startup.mjs [--runs N] [--instructions] [--cli BUILD] [--baseline BUILD]
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const arg = (name, def) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : def);
const RUNS = Number(arg('--runs', 20));
const CLI = resolve(arg('--cli', 'dist/lvsplan.mjs'));
const BASELINE = arg('--baseline', null) && resolve(arg('--baseline'));
const INSTRUCTIONS = process.argv.includes('--instructions');
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for the peak RSS`);

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-startup-'));
const ENV = { ...process.env, NO_COLOR: '1' };
delete ENV.NODE_EXTRA_CA_CERTS;

/** A director with one NAT service of two destinations, read through a stand-in host: the smallest plan with a change. */
function smallPlanConfig() {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(dir, 'Sn.txt'), '-A -t 10.0.0.1:80 -s wlc\n-a -t 10.0.0.1:80 -r 10.200.0.1:8080 -m -w 1\n-a -t 10.0.0.1:80 -r 10.200.0.2:8080 -m -w 5\n');
  writeFileSync(
    join(dir, 'thresholds.txt'),
    'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n  -> RemoteAddress:Port\n' +
      'TCP  10.0.0.1:80 wlc\n  -> 10.200.0.1:8080              0          0          0          0         \n  -> 10.200.0.2:8080              0          0          0          0         \n',
  );
  writeFileSync(join(dir, 'addr.txt'), '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n');
  writeFileSync(join(bin, 'ipvsadm'), `#!/bin/sh\ncase "$*" in *thresholds*) exec cat ${dir}/thresholds.txt;; *-S*) exec cat ${dir}/Sn.txt;; esac\nexit 0\n`);
  writeFileSync(join(bin, 'ip'), `#!/bin/sh\nexec cat ${dir}/addr.txt\n`);
  writeFileSync(join(dir, 'fake-host'), `#!/bin/sh\nPATH=${bin}:$PATH exec "$@"\n`);
  for (const f of [join(bin, 'ipvsadm'), join(bin, 'ip'), join(dir, 'fake-host')]) chmodSync(f, 0o755);
  const cfg = join(dir, 'cfg');
  mkdirSync(cfg);
  writeFileSync(
    join(cfg, 'main.hcl'),
    `director "d" {
  connection {
    type    = "exec"
    command = ["${join(dir, 'fake-host')}"]
  }
  interface = "eth0"
  bind_vips = false
}
virtual_server "web" {
  director   = "d"
  address    = "10.0.0.1"
  port       = 80
  scheduler  = "wlc"
  forwarding = "nat"
  backend "10.200.0.1" {
    address = "10.200.0.1"
    port    = 8080
    weight  = 1
  }
  backend "10.200.0.2" {
    address = "10.200.0.2"
    port    = 8080
    weight  = 1
  }
}
`,
  );
  return cfg;
}

/** One run: wall ms, CPU ms of the process tree, peak RSS KiB, exit status, stdout. */
function once(argv) {
  const rss = join(dir, 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', `${TIME} -f %M -o ${rss} "$@" > ${dir}/out 2> ${dir}/err; echo $?; times`, '_', ...argv], { encoding: 'utf8', env: ENV });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const lines = r.stdout.trim().split('\n');
  const [user, sys] = [...lines.at(-1).matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  const status = Number(lines[0]);
  return { wall, cpu: (user + sys) * 1000, rssKiB: Number(readFileSync(rss, 'utf8').trim().split('\n').at(-1)), status, stdout: readFileSync(join(dir, 'out')), stderr: readFileSync(join(dir, 'err'), 'utf8') };
}

/** Instructions of the node process (callgrind's Ir), its #! line's flags given to node directly: valgrind follows no exec. */
function instructions(argv) {
  const node = argv[0] === process.execPath ? argv : [process.execPath, ...readFileSync(argv[0], 'utf8').split('\n', 1)[0].split(/\s+/).filter((w) => w.startsWith('--')), ...argv];
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...node], { encoding: 'utf8', env: ENV, maxBuffer: 1 << 26 });
  const ir = /Collected : (\d+)/.exec(r.stderr ?? '');
  if (!ir) throw new Error(`valgrind ${node.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return Number(ir[1]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const plan = smallPlanConfig();
  const builds = BASELINE ? [['baseline', BASELINE], ['this build', CLI]] : [['lvsplan', CLI]];
  const cases = [
    ['version', ['version'], 0],
    ['validate examples/lvs-dr', ['validate', 'examples/lvs-dr'], 0],
    ['plan, 1 service (exec)', ['plan', '-detailed-exitcode', plan], 2],
  ];
  const rows = [{ name: 'node -e 0', argv: [process.execPath, '-e', '0'], status: 0 }];
  for (const [what, args, status] of cases) for (const [name, cli] of builds) rows.push({ name: `${name}: ${what}`, argv: [cli, ...args], status, what });
  const runs = rows.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    rows.forEach((row, i) => {
      const x = once(row.argv);
      if (x.status !== row.status) throw new Error(`${row.argv.join(' ')} exited ${x.status} (expected ${row.status}): ${x.stderr}`);
      runs[i].push(x);
    });
  }
  const m = runs.map((xs) => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)), rss: median(xs.map((x) => x.rssKiB)) / 1024, stdout: xs[0].stdout }));
  if (INSTRUCTIONS) rows.forEach((row, i) => (m[i].ir = instructions(row.argv)));
  const irText = (i) => (INSTRUCTIONS ? ` ${(m[i].ir / 1e6).toFixed(0).padStart(6)} M instr ${(m[i].ir / m[0].ir).toFixed(2).padStart(5)}x` : '');
  console.log(`load average (1 min): ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}; medians of ${RUNS} runs, the rows' runs alternating; x: against node -e 0`);
  rows.forEach((row, i) =>
    console.log(
      `${row.name.padEnd(44)}${m[i].wall.toFixed(0).padStart(6)} ms wall ${(m[i].wall / m[0].wall).toFixed(2).padStart(5)}x ${m[i].cpu.toFixed(0).padStart(6)} ms CPU ${(m[i].cpu / m[0].cpu).toFixed(2).padStart(5)}x ${m[i].rss.toFixed(1).padStart(6)} MiB${irText(i)}`,
    ),
  );
  if (BASELINE) {
    let same = true;
    for (let i = 1; i < rows.length; i += 2) {
      const [b, t] = [m[i], m[i + 1]];
      same &&= b.stdout.equals(t.stdout);
      console.log(`${rows[i].what.padEnd(28)} this build against the baseline: CPU ${(b.cpu / t.cpu).toFixed(2)}x less, wall ${(b.wall / t.wall).toFixed(2)}x less, above node -e 0 ${(b.cpu - m[0].cpu).toFixed(0)} -> ${(t.cpu - m[0].cpu).toFixed(0)} ms CPU, peak RSS ${b.rss.toFixed(1)} -> ${t.rss.toFixed(1)} MiB${INSTRUCTIONS ? `, instructions ${(b.ir / t.ir).toFixed(2)}x fewer, above node -e 0 ${((b.ir - m[0].ir) / 1e6).toFixed(0)} -> ${((t.ir - m[0].ir) / 1e6).toFixed(0)} M` : ''}`);
    }
    console.log(`outputs of the two builds: ${same ? 'byte-identical' : 'DIFFERENT'}`);
    if (!same) process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
