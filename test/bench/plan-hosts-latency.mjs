// `lvsplan plan` over 1, 10 and 100 real servers whose work is done elsewhere, as on real machines: each host is
// reached through the exec transport by a stand-in that waits a fixed latency (what a remote host's ssh handshake,
// session and read take there, costing this machine nothing) and then prints that host's read output, captured once
// from the real read script run on this machine (its sysctls, an ip and ipvsadm stand-in). So the plan's wall time is
// lvsplan's own: its start, its parallelism, its per-host local work. The lab's plan-hosts.mjs and
// plan-hosts-netns.mjs run every host's sshd on the same 2 cores, which makes them CPU-bound; this one asks only
// whether the hosts are read in parallel with no serial step per host (issue 15's aim: the N-host plan within 1.5x of
// ceil(N / parallelism) x the 1-host plan). Per plan: wall time (median of --runs), lvsplan's CPU (its process tree,
// bash's `times`: the stand-ins' sh, sleep and cat per host included), the aim's ideal and the ratio to it. The
// director is a host too: N real servers are N + 1 hosts.
// Build first: npm run build && node test/bench/plan-hosts-latency.mjs [--latency-ms 500] [--runs 3] [--sizes 1,10,100]
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const arg = (name, def) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : def);
const LATENCY_MS = Number(arg('--latency-ms', '500'));
const RUNS = Number(arg('--runs', '3'));
const SIZES = arg('--sizes', '1,10,100').split(',').map(Number);
if (SIZES[0] !== 1 || SIZES.some((n) => !Number.isInteger(n) || n < 1 || n > 250) || !(LATENCY_MS >= 0) || !(RUNS >= 1)) {
  console.error('usage: plan-hosts-latency.mjs [--latency-ms MS] [--runs N] [--sizes 1,10,...] (sizes from 1 to 250, the first 1)');
  process.exit(1);
}
const LVSPLAN = resolve('dist/lvsplan.mjs');
const dir = mkdtempSync(join(tmpdir(), 'plan-hosts-latency-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// The stand-in host: HOST's read output once captured, it waits the latency and prints it; until then (the capture
// run) it runs the command for real with the ip and ipvsadm stand-ins first on PATH and keeps what it printed.
const bin = join(dir, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'ip'), '#!/bin/sh\necho "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever"\n');
writeFileSync(join(bin, 'ipvsadm'), '#!/bin/sh\ncase "$*" in *thresholds*) echo "IP Virtual Server version 1.2.1 (size=4096)";; esac\nexit 0\n');
const host = join(dir, 'host');
writeFileSync(
  host,
  `#!/bin/sh
name=$1; shift
out=${dir}/out.$name
if [ -s "$out" ]; then sleep ${LATENCY_MS / 1000}; exec cat "$out"; fi
PATH=${bin}:$PATH "$@" > "$out.tmp" && mv "$out.tmp" "$out" && exec cat "$out"
`,
);
for (const f of [join(bin, 'ip'), join(bin, 'ipvsadm'), host]) chmodSync(f, 0o755);

function config(n) {
  const d = join(dir, `cfg-${n}`);
  mkdirSync(d);
  const rs = Array.from({ length: n }, (_, i) => i + 1);
  const conn = (name) => `connection {\n    type    = "exec"\n    command = ["${host}", "${name}"]\n  }`;
  writeFileSync(
    join(d, 'main.hcl'),
    [
      `director "lvs-dr" {\n  ${conn('director')}\n  interface = "eth0"\n}`,
      ...rs.map((i) => `realserver "rs${i}" {\n  address = "203.0.113.${i}"\n  ${conn(`rs${i}`)}\n}`),
      `virtual_server "web" {\n  director   = "lvs-dr"\n  address    = "198.51.100.1"\n  port       = 80\n  scheduler  = "rr"\n  forwarding = "dr"`,
      ...rs.map((i) => `  backend "rs${i}" {}`),
      '}',
    ].join('\n') + '\n',
  );
  return d;
}

/** One plan as a whole process: wall seconds and the CPU seconds of its process tree (bash's `times`). */
function plan(cfg, parallelism) {
  const started = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', '"$@" > /dev/null; rc=$?; times; exit $rc', 'plan', process.execPath, LVSPLAN, 'plan', '-no-color', `-parallelism=${parallelism}`, cfg], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const seconds = (t) => Number(/(\d+)m([\d.]+)s/.exec(t)[1]) * 60 + Number(/(\d+)m([\d.]+)s/.exec(t)[2]);
  const [user, sys] = out.split('\n').at(-1).split(/\s+/);
  return { wall, cpu: seconds(user) + seconds(sys) };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// What a node process pays to start N processes (each a `true` with three pipes, as lvsplan starts a host's command):
// libuv's spawn returns only once the child has exec'd, so the main thread waits that long per process.
const SPAWNS = `const { spawn } = require('node:child_process'); const n = Number(process.argv[1]); const t = performance.now();
const done = []; for (let i = 0; i < n; i++) done.push(new Promise((r) => spawn('true', [], { stdio: 'pipe' }).on('close', r)));
const wall = performance.now() - t; const cpu = process.cpuUsage(); Promise.all(done).then(() => console.log(wall / 1000, (cpu.user + cpu.system) / 1e6));`;
const spawns = (n) => execFileSync(process.execPath, ['-e', SPAWNS, String(n)], { encoding: 'utf8' }).trim().split(' ').map(Number);

const cfgs = new Map(SIZES.map((n) => [n, config(n)]));
// The capture: every host's real read, once (not timed).
for (const n of SIZES) plan(cfgs.get(n), 100);
console.log(`hosts reached with ${LATENCY_MS} ms of latency each and no CPU of this machine's; ${readdirSync(dir).filter((f) => f.startsWith('out.')).length} reads captured; load average ${loadavg()[0].toFixed(2)}; median of ${RUNS} runs, the plans of a round alternating`);
const rows = [];
for (const parallelism of [10, 100]) for (const n of SIZES) rows.push({ n, parallelism, walls: [], cpus: [] });
const spawnRuns = [];
for (let r = 0; r < RUNS; r++) {
  for (const row of rows) {
    const { wall, cpu } = plan(cfgs.get(row.n), row.parallelism);
    row.walls.push(wall);
    row.cpus.push(cpu);
  }
  spawnRuns.push(spawns(Math.max(...SIZES) + 1));
}
for (const row of rows) {
  const one = median(rows.find((x) => x.n === 1 && x.parallelism === row.parallelism).walls);
  const wall = median(row.walls);
  const ideal = Math.ceil(row.n / row.parallelism) * one;
  console.log(
    `${String(row.n).padStart(3)} real server(s), -parallelism=${String(row.parallelism).padEnd(3)}: ${wall.toFixed(2)} s wall (${(wall / one).toFixed(2)}x the 1-server plan), ` +
      `lvsplan's CPU ${median(row.cpus).toFixed(2)} s; ideal ceil(${row.n}/${row.parallelism}) x ${one.toFixed(2)} s = ${ideal.toFixed(2)} s, ` +
      `${(wall / ideal).toFixed(2)}x it (aim at most 1.5x)`,
  );
}
const [spawnWall, spawnCpu] = [median(spawnRuns.map((x) => x[0])), median(spawnRuns.map((x) => x[1]))];
console.log(`node starting ${Math.max(...SIZES) + 1} processes (true, three pipes each) one after another on its main thread: ${spawnWall.toFixed(2)} s (its process's CPU, start-up included, ${spawnCpu.toFixed(2)} s)`);
