// `lvsplan plan` over 1, 10 and 100 real servers (plus the director) on the lab's `cluster` topology, at the
// default parallelism and at --parallelism 100, side by side in one run; then where the time goes (ssh
// start-up, the remote read, local work) and the 10-host plan through the operator's own ControlMaster
// sockets (ControlPath from the lab's ssh_config) against fresh connections.
// With --baseline OTHER/dist/lvsplan.mjs (another build, e.g. main's before a change) each plan of the table runs with
// both builds, the baseline's first, and the ratios are printed for both.
// Build first, then: node test/lab/lab.mjs run --topology cluster -- node test/bench/plan-hosts.mjs [--sizes 1,10,100] [--baseline BUILD]
// (--sizes 1,10 gives the small plans and the ControlMaster comparison in a few minutes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { labTopology } from './lab-topology.mjs';

const topology = labTopology('plan-hosts.mjs', 'cluster');
const LVSPLAN = new URL('../../dist/lvsplan.mjs', import.meta.url).pathname;
const baselineAt = process.argv.indexOf('--baseline');
const BUILDS = baselineAt < 0 ? [['lvsplan', LVSPLAN]] : [['baseline', resolve(process.argv[baselineAt + 1])], ['this build', LVSPLAN]];
const env = { ...process.env, HOME: '/root', NO_COLOR: '1' };
const address = (name) => topology.hosts.find((h) => h.name === name).address;
const realServers = topology.hosts.filter((h) => /^rs\d+$/.test(h.name)).map((h) => h.name).sort();
if (realServers.length < 100) {
  console.error(`topology ${topology.name} has ${realServers.length} real servers; this bench needs the cluster topology (100)`);
  process.exit(1);
}

// Ten key exchanges at once under TCG on a loaded 2-core machine outlast the default 10 s connect timeout
// ("Connection timed out during banner exchange"); the bench measures the time taken, not that limit.
const CONNECT_TIMEOUT = '90s';

function configFor(n) {
  const names = realServers.slice(0, n);
  const dir = mkdtempSync(join(tmpdir(), `plan-hosts-${n}-`));
  writeFileSync(
    join(dir, 'main.hcl'),
    [
      `director "lvs-dr" {\n  connection {\n    host = "${address('director')}"\n    timeout = "${CONNECT_TIMEOUT}"\n  }\n  interface = "eth0"\n}`,
      ...names.map((rs) => `realserver "${rs}" {\n  address = "${address(rs)}"\n  connection {\n    host = "${address(rs)}"\n    timeout = "${CONNECT_TIMEOUT}"\n  }\n}`),
      `virtual_server "web" {\n  director = "lvs-dr"\n  address = "${topology.vip}"\n  port = 80\n  scheduler = "rr"\n  forwarding = "dr"`,
      ...names.map((rs) => `  backend "${rs}" { weight = 1 }`),
      '}',
      '',
    ].join('\n'),
  );
  return dir;
}

// One command never holds the whole lab run: a plan that hangs is reported and the bench goes on.
const COMMAND_LIMIT_MS = 900_000;

function timed(argv, extraEnv = {}) {
  const startedAt = Date.now();
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: COMMAND_LIMIT_MS });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cut = r.error ? `\n(${r.error.message} after ${seconds.toFixed(0)} s)` : '';
  return { seconds, startedAt, endedAt: Date.now(), code: r.status, out: r.stdout + r.stderr + cut };
}

function planRun(dir, extra = [], extraEnv = {}, build = LVSPLAN) {
  const r = timed(['node', build, 'plan', '-detailed-exitcode', '-no-color', ...extra, dir], extraEnv);
  if (r.code !== 0 && r.code !== 2) throw new Error(`lvsplan plan ${extra.join(' ')} ${dir} exited ${r.code}:\n${r.out.slice(-3000)}`);
  return r;
}
const plan = (dir, extra = []) => planRun(dir, extra).seconds;

/**
 * A plan with LVSPLAN_LOG=debug (two log lines per remote command), whose log stamps each remote command's start
 * and end: the local work before the first command and after the last, the span of the host reads, and each
 * host's own time (its first command's start to its last command's end; the first command also opens the
 * connection).
 */
function planTimeline(dir, extra, build) {
  const logPath = join(mkdtempSync(join(tmpdir(), 'plan-hosts-log-')), 'debug.log');
  const r = planRun(dir, extra, { LVSPLAN_LOG: 'debug', LVSPLAN_LOG_PATH: logPath }, build);
  const hosts = new Map();
  for (const m of readFileSync(logPath, 'utf8').matchAll(/^(\S+Z) \[DEBUG\] (\S+): (run|exit \d+ after (\d+) ms|.*?after (\d+) ms)/gm)) {
    const at = Date.parse(m[1]);
    const h = hosts.get(m[2]) ?? { first: at, last: at, commands: 0, firstCommandMs: undefined };
    h.first = Math.min(h.first, at);
    h.last = Math.max(h.last, at);
    if (m[3] !== 'run') {
      h.commands += 1;
      h.firstCommandMs ??= Number(m[4] ?? m[5]);
    }
    hosts.set(m[2], h);
  }
  const all = [...hosts.values()];
  const first = Math.min(...all.map((h) => h.first));
  const last = Math.max(...all.map((h) => h.last));
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
  const perHost = all.map((h) => (h.last - h.first) / 1000);
  const firstCommand = all.map((h) => h.firstCommandMs / 1000);
  return {
    total: r.seconds,
    before: (first - r.startedAt) / 1000,
    reads: (last - first) / 1000,
    after: (r.endedAt - last) / 1000,
    hosts: all.length,
    commands: all.reduce((n, h) => n + h.commands, 0),
    perHostMedian: median(perHost),
    perHostMax: Math.max(...perHost),
    firstCommandMedian: median(firstCommand),
    firstCommandMax: Math.max(...firstCommand),
  };
}

const ssh = (args) => timed(['ssh', ...args]);
const hostsOf = (n) => ['director', ...realServers.slice(0, n)].map(address);
// The operator's masters (ControlMaster auto, ControlPersist in the lab's ssh_config): ended before the fresh runs.
const endUserMasters = () => hostsOf(100).forEach((a) => ssh(['-O', 'exit', a]));
const s = (x) => `${x.toFixed(1)} s`;

const sizesAt = process.argv.indexOf('--sizes');
const sizes = sizesAt < 0 ? [1, 10, 100] : process.argv[sizesAt + 1].split(',').map(Number);
if (sizes[0] !== 1 || !sizes.includes(10) || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
  console.error('--sizes: a comma-separated list of real server counts from 1 to 100 that starts with 1 and includes 10, e.g. 1,10');
  process.exit(1);
}
const dirs = Object.fromEntries(sizes.map((n) => [n, configFor(n)]));
console.log(`plan-hosts: lvsplan plan over N real servers + 1 director, fresh ssh connections, lab topology ${topology.name}, guest with ${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm).length} vCPUs`);
endUserMasters();
const rowsOf = new Map(BUILDS.map(([name]) => [name, []]));
const timelineText = (t) =>
  `local work before the first remote command ${s(t.before)} + host reads ${s(t.reads)} (${t.hosts} hosts, ${t.commands} commands; ` +
  `per host median ${s(t.perHostMedian)}, max ${s(t.perHostMax)}; each host's first command, with its connection, median ${s(t.firstCommandMedian)}, ` +
  `max ${s(t.firstCommandMax)}) + local work after the last ${s(t.after)}`;
for (const n of sizes) {
  for (const [buildName] of BUILDS) rowsOf.get(buildName).push({ n });
  for (const [name, extra] of [['byDefault', []], ['wide', ['--parallelism', '100']]]) {
    for (const [buildName, build] of BUILDS) {
      const row = rowsOf.get(buildName).at(-1);
      const label = `${BUILDS.length > 1 ? `${buildName.padEnd(10)} ` : ''}${String(n).padStart(3)} real servers, ${name === 'wide' ? '--parallelism 100' : 'default parallelism (10)'}`;
      try {
        const t = planTimeline(dirs[n], extra, build);
        row[name] = t.total;
        console.log(`  ${label}: ${s(t.total)} = ${timelineText(t)}`);
      } catch (e) {
        row[name] = NaN;
        console.log(`  ${label}: ${e.message}`);
      }
    }
  }
}
for (const [buildName, rows] of rowsOf) {
  const one = rows[0];
  for (const { n, byDefault, wide } of rows.slice(1)) {
    const ideal = (p) => Math.ceil((n + 1) / p) / Math.ceil(2 / p);
    console.log(
      `  ${BUILDS.length > 1 ? `${buildName}: ` : ''}${n} vs 1: ${(byDefault / one.byDefault).toFixed(2)}x at parallelism 10 (ideal ${ideal(10)}x; aim <= ${(1.5 * ideal(10)).toFixed(1)}x), ` +
        `${(wide / one.wide).toFixed(2)}x at parallelism 100 (ideal ${ideal(100)}x; aim <= ${(1.5 * ideal(100)).toFixed(1)}x)`,
    );
  }
}
const rows = rowsOf.get(BUILDS.at(-1)[0]);
const one = rows[0];

// Where the time goes, one host: local work (validate reads and evaluates the configuration, contacts no host),
// a fresh ssh connection running `true`, and `true` over an open master.
const largest = sizes.at(-1);
const local = timed(['node', LVSPLAN, 'validate', dirs[largest]]).seconds;
const target = address(realServers[0]);
const fresh = ssh(['-o', 'ControlPath=none', target, 'true']).seconds;
for (const a of hostsOf(1)) ssh([a, 'true']);
const reused = ssh([target, 'true']).seconds;
const oneHostPlan = plan(dirs[1]);
console.log(
  `where the time goes: lvsplan validate (local work, ${largest} real servers) ${s(local)}; a fresh ssh connection running true ${s(fresh)}; ` +
    `true over an open master ${s(reused)}; the 1-real-server plan through the user's masters ${s(oneHostPlan)} (vs ${s(one.byDefault)} fresh)`,
);

// The operator's own masters: opened beforehand (not timed), then the same plan goes through them.
// Measured on 10 real servers: opening 101 masters first would take many minutes under TCG.
const ten = rows.find((r) => r.n === 10);
for (const a of hostsOf(10)) ssh([a, 'true']);
const viaMasters = plan(dirs[10]);
console.log(
  `ControlMaster reuse, 10 real servers at the default parallelism: ${s(viaMasters)} through the operator's masters vs ${s(ten.byDefault)} fresh (${(ten.byDefault / viaMasters).toFixed(1)}x)`,
);
endUserMasters();
