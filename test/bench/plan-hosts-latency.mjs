// `lvsplan plan` over 1, 10 and 100 real servers whose work is done elsewhere, as on real machines: each host is
// reached through the exec transport by a stand-in that waits a fixed latency (what a remote host's ssh handshake,
// session and read take there) and then prints that host's read output, captured once from the real read script run
// on this machine (its sysctls, an ip and ipvsadm stand-in). The lab's plan-hosts.mjs and plan-hosts-netns.mjs run
// every host's sshd on the same 2 cores, which makes them CPU-bound; this one asks whether the hosts are read in
// parallel with no serial step per host (issue 15's aim: the N-host plan within 1.5x of ceil(N / parallelism) x the
// 1-host plan). The stand-in is one bash process per host that starts nothing (its wait a `read -t` on a FIFO, its
// output a `read` of the file and a printf): a process still costs this machine CPU to start, which the plan's
// children CPU shows. Per plan: wall time (median of --runs), lvsplan's own CPU (its process alone, from a hook
// preloaded into it) and its children's (the stand-ins: its process tree's CPU, bash's `times`, less its own), the
// aim's ideal and the ratio to it, and the CPU-bound floor: the 1-server plan plus the CPU the other hosts add (lvsplan's
// and the stand-ins'), spread over this machine's cores; where that floor is above the ideal (100 hosts on 2 cores), no
// plan can meet the aim, and the ratio to the floor is what says whether a serial step per host is left. The director
// is a host too: N real servers are N + 1 hosts.
// With --baseline BUILD (another build's dist/lvsplan.mjs or its worktree, e.g. the session's starting main) both
// builds are measured in one run, the plans of a round alternating, and each row says this build's wall against it.
// Build first: npm run build && node test/bench/plan-hosts-latency.mjs [--latency-ms 500] [--runs 3] [--sizes 1,10,100]
//   [--cli BUILD] [--baseline BUILD]
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name, def) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : def);
const LATENCY_MS = Number(arg('--latency-ms', '500'));
const RUNS = Number(arg('--runs', '3'));
const SIZES = arg('--sizes', '1,10,100').split(',').map(Number);
const badBuild = ['--cli', '--baseline'].some((o) => process.argv.includes(o) && !(arg(o) ?? '').length);
if (SIZES[0] !== 1 || SIZES.some((n) => !Number.isInteger(n) || n < 1 || n > 250) || !(LATENCY_MS >= 0) || !(RUNS >= 1) || badBuild) {
  console.error('usage: plan-hosts-latency.mjs [--latency-ms MS] [--runs N] [--sizes 1,10,...] [--cli BUILD] [--baseline BUILD] (sizes from 1 to 250, the first 1; a BUILD is a dist/lvsplan.mjs or a worktree with one)');
  process.exit(1);
}
/** A build: its dist/lvsplan.mjs, or a worktree holding one. */
const build = (p) => (p.endsWith('.mjs') ? resolve(p) : resolve(p, 'dist/lvsplan.mjs'));
const CLI = build(arg('--cli', 'dist/lvsplan.mjs'));
const BASELINE = process.argv.includes('--baseline') ? build(arg('--baseline')) : null;
for (const b of [CLI, BASELINE]) {
  if (b !== null && !existsSync(b)) {
    console.error(`plan-hosts-latency.mjs: no build at ${b} (npm run build there first)`);
    process.exit(1);
  }
}
const CPU_HOOK = pathToFileURL(resolve('test/bench/own-cpu-hook.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'plan-hosts-latency-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// The stand-in host: HOST's read output once captured, it waits the latency and prints it, in one bash process that
// starts none (the wait a read with a timeout on a FIFO nobody writes, the output read into a variable and printed);
// until then (the capture run) it runs the command for real with the ip and ipvsadm stand-ins first on PATH and keeps
// what it printed.
const bin = join(dir, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'ip'), '#!/bin/sh\necho "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever"\n');
writeFileSync(join(bin, 'ipvsadm'), '#!/bin/sh\ncase "$*" in *thresholds*) echo "IP Virtual Server version 1.2.1 (size=4096)";; esac\nexit 0\n');
const never = join(dir, 'never');
execFileSync('mkfifo', ['-m', '600', never]);
const host = join(dir, 'host');
writeFileSync(
  host,
  `#!/bin/bash
out=${dir}/out.$1; shift
if [ -s "$out" ]; then read -t ${LATENCY_MS / 1000} <> ${never}; IFS= read -r -d '' text < "$out"; printf '%s' "$text"; exit 0; fi
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

/** One plan as a whole process: wall seconds, the CPU seconds of lvsplan's process alone and of its children. */
function plan(cli, cfg, parallelism) {
  const cpuFile = join(dir, 'cpu');
  rmSync(cpuFile, { force: true });
  const started = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', '"$@" > /dev/null; rc=$?; times; exit $rc', 'plan', process.execPath, `--import=${CPU_HOOK}`, cli, 'plan', '-no-color', `-parallelism=${parallelism}`, cfg], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LVSPLAN_BENCH_CPU_FILE: cpuFile },
  }).trim();
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const seconds = (t) => Number(/(\d+)m([\d.]+)s/.exec(t)[1]) * 60 + Number(/(\d+)m([\d.]+)s/.exec(t)[2]);
  const [user, sys] = out.split('\n').at(-1).split(/\s+/);
  const own = readFileSync(cpuFile, 'utf8').split(' ').map(Number);
  const tree = seconds(user) + seconds(sys);
  return { wall, own: own[0] + own[1], children: tree - own[0] - own[1] };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// What a node process pays to start N processes (each a `true`, as lvsplan starts a host's command): libuv forks and
// returns only once the child has exec'd, so the main thread waits that long per process. Measured with node's own
// heap, with PAD_MB more of it held (a fork copies the page tables of what the process has written), and with stdin
// /dev/null and two pipes (how lvsplan starts a command given no input) instead of three pipes.
const SPAWNS = `const { spawn } = require('node:child_process'); const [n, padMb, stdin] = process.argv.slice(1);
const held = []; for (let i = 0; i < Number(padMb) * 16; i++) held.push(new Float64Array(8192).fill(i));
const rss = process.memoryUsage().rss / 2 ** 20; const cpu0 = process.cpuUsage(); const t = performance.now(); const done = [];
for (let i = 0; i < Number(n); i++) done.push(new Promise((r) => spawn('true', [], { stdio: [stdin, 'pipe', 'pipe'] }).on('close', r)));
const wall = performance.now() - t; const cpu = process.cpuUsage(cpu0); Promise.all(done).then(() => console.log(wall / 1000, (cpu.user + cpu.system) / 1e6, rss, held.length));`;
const spawns = (n, padMb, stdin) => execFileSync(process.execPath, ['-e', SPAWNS, String(n), String(padMb), stdin], { encoding: 'utf8' }).trim().split(' ').map(Number);
const PAD_MB = 150;

const cfgs = new Map(SIZES.map((n) => [n, config(n)]));
// The capture: every host's real read, once (not timed).
for (const n of SIZES) plan(CLI, cfgs.get(n), 100);
const builds = BASELINE ? [['baseline', BASELINE], ['this build', CLI]] : [['lvsplan', CLI]];
console.log(
  `hosts reached with ${LATENCY_MS} ms of latency each; ${readdirSync(dir).filter((f) => f.startsWith('out.')).length} reads captured; load average ${loadavg()[0].toFixed(2)}; ` +
    `median of ${RUNS} runs, the plans of a round alternating${BASELINE ? `; baseline ${BASELINE}, this build ${CLI}` : ''}`,
);
const rows = [];
for (const parallelism of [10, 100]) for (const n of SIZES) for (const [name, cli] of builds) rows.push({ name, cli, n, parallelism, walls: [], owns: [], childrens: [] });
const spawnRuns = { bare: [], padded: [], devNull: [] };
for (let r = 0; r < RUNS; r++) {
  for (const row of rows) {
    const { wall, own, children } = plan(row.cli, cfgs.get(row.n), row.parallelism);
    row.walls.push(wall);
    row.owns.push(own);
    row.childrens.push(children);
  }
  spawnRuns.bare.push(spawns(Math.max(...SIZES) + 1, 0, 'pipe'));
  spawnRuns.devNull.push(spawns(Math.max(...SIZES) + 1, 0, 'ignore'));
  spawnRuns.padded.push(spawns(Math.max(...SIZES) + 1, PAD_MB, 'pipe'));
}
const CORES = availableParallelism();
for (const row of rows) {
  const oneRow = rows.find((x) => x.name === row.name && x.n === 1 && x.parallelism === row.parallelism);
  const one = median(oneRow.walls);
  const wall = median(row.walls);
  const ideal = Math.ceil(row.n / row.parallelism) * one;
  // What the hosts beyond the first cost this machine's CPU (lvsplan's and the stand-ins'), spread over its cores: no
  // plan can take less than the 1-server plan plus that, however parallel its reads.
  const addedCpu = median(row.owns) + median(row.childrens) - (median(oneRow.owns) + median(oneRow.childrens));
  const cpuBound = one + Math.max(0, addedCpu) / CORES;
  const base = BASELINE && row.name !== 'baseline' ? median(rows.find((x) => x.name === 'baseline' && x.n === row.n && x.parallelism === row.parallelism).walls) : null;
  console.log(
    `${BASELINE ? `${row.name.padEnd(10)} ` : ''}${String(row.n).padStart(3)} real server(s), -parallelism=${String(row.parallelism).padEnd(3)}: ${wall.toFixed(2)} s wall (${(wall / one).toFixed(2)}x the 1-server plan), ` +
      `CPU lvsplan's own ${median(row.owns).toFixed(2)} s, its children's ${median(row.childrens).toFixed(2)} s; ideal ceil(${row.n}/${row.parallelism}) x ${one.toFixed(2)} s = ${ideal.toFixed(2)} s, ` +
      `${(wall / ideal).toFixed(2)}x it (aim at most 1.5x)` +
      (row.n === 1 ? '' : `; CPU-bound floor ${one.toFixed(2)} s + ${Math.max(0, addedCpu).toFixed(2)} s / ${CORES} cores = ${cpuBound.toFixed(2)} s, ${(wall / Math.max(ideal, cpuBound)).toFixed(2)}x the larger of it and the ideal`) +
      (base === null ? '' : `; ${(wall / base).toFixed(2)}x the baseline's wall`),
  );
}
const spawnLine = (runs) => {
  const [wall, cpu, rss] = [0, 1, 2].map((k) => median(runs.map((x) => x[k])));
  return `at ${rss.toFixed(0)} MiB RSS ${wall.toFixed(2)} s (its CPU meanwhile ${cpu.toFixed(2)} s)`;
};
console.log(
  `node starting ${Math.max(...SIZES) + 1} processes (true) one after another on its main thread: three pipes each ${spawnLine(spawnRuns.bare)}, ${spawnLine(spawnRuns.padded)}; ` +
    `stdin /dev/null and two pipes ${spawnLine(spawnRuns.devNull)}`,
);
