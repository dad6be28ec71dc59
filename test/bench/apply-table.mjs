// A kube-proxy-size table applied end to end by lvsplan on the lab's director over ssh, as an operator would: N
// services x 10 NAT destinations (default 10,000 x 10 = 100,000) written with for_each, `apply -auto-approve` from
// an empty director (its lock, read, one `ipvsadm -R` batch, the re-read that verifies it, the state record), then
// `plan -detailed-exitcode` (must say in sync), then an apply of 1% of the weights, then `plan` again. Each step's
// wall time; the director's table checked after each apply against what was configured; the sizes that cross the
// ssh session (the batch, the state record). With --baseline OTHER/dist/lvsplan.mjs both builds run the same steps,
// the baseline first, the director emptied before each. apply-batch.mjs gives the kernel's own rate for the batch.
// Build first, then: node test/lab/lab.mjs run --topology default -- node test/bench/apply-table.mjs [--services N] [--baseline BUILD]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { labTopology } from './lab-topology.mjs';

const topology = labTopology('apply-table.mjs');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const SERVICES = Number(arg('--services', '10000'));
const BACKENDS = 10;
if (!Number.isInteger(SERVICES) || SERVICES < 1 || SERVICES > 65_536) throw new Error('--services needs a whole number from 1 to 65,536');
const LVSPLAN = new URL('../../dist/lvsplan.mjs', import.meta.url).pathname;
const baseline = arg('--baseline', null);
const BUILDS = baseline === null ? [['lvsplan', LVSPLAN]] : [['baseline', resolve(baseline)], ['this build', LVSPLAN]];
const director = topology.hosts.find((h) => h.name === 'director');
const STATE_RECORD = '/var/lib/lvsplan/state.json';

/** The configuration: every service's weights 1, or with `drift` every 100th destination's 2. */
function config(dir, drift) {
  writeFileSync(
    join(dir, 'main.hcl'),
    `director "d" {
  connection {
    host    = "${director.address}"
    timeout = "90s"
  }
  interface = "eth0"
  bind_vips = false
}
locals {
  ids      = flatten([for a in range(${Math.ceil(SERVICES / 1000)}) : [for b in range(1000) : a * 1000 + b if a * 1000 + b < ${SERVICES}]])
  services = { for i in local.ids : "s\${i}" => i }
  backends = [for j in range(${BACKENDS}) : j]
}
virtual_server "svc" {
  for_each   = local.services
  director   = "d"
  address    = format("10.%d.%d.%d", 100 + floor(each.value / 65536), floor(each.value / 256) % 256, each.value % 256)
  port       = 80
  scheduler  = "wlc"
  forwarding = "nat"
  dynamic "backend" {
    for_each = local.backends
    iterator = b
    labels   = ["10.200.0.\${b.value + 1}"]
    content {
      address = "10.200.0.\${b.value + 1}"
      port    = 8080
      weight  = ${drift ? '(each.value * 10 + b.value) % 100 == 0 ? 2 : 1' : '1'}
    }
  }
}
`,
  );
}

const inDirector = (script) => execFileSync('nsenter', ['-t', String(director.pid), '-m', '-n', '-u', '-r', '-w', '--', 'sh', '-c', script], { encoding: 'utf8', maxBuffer: 1 << 30 });
const empty = () => inDirector(`ipvsadm -C; rm -rf /var/lib/lvsplan`);

/** The director's destinations, and how many have weight 2. */
function table() {
  const lines = inDirector('ipvsadm -Sn').split('\n');
  const destinations = lines.filter((l) => l.startsWith('-a '));
  return { services: lines.filter((l) => l.startsWith('-A ')).length, destinations: destinations.length, weight2: destinations.filter((l) => / -w 2$/.test(l)).length };
}

function run(build, args, dir, expectCode, expectText) {
  const start = process.hrtime.bigint();
  const r = spawnSync('node', [build, ...args, '-no-color', dir], { env: { ...process.env, HOME: '/root', NO_COLOR: '1' }, encoding: 'utf8', timeout: 1_800_000, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const out = r.stdout + r.stderr;
  if (r.status !== expectCode || !out.includes(expectText)) throw new Error(`${build} ${args.join(' ')} exited ${r.status} after ${seconds.toFixed(1)} s, expected ${expectCode} and "${expectText}":\n${out.length > 6000 ? `${out.slice(0, 3000)}\n[...]\n${out.slice(-3000)}` : out}`);
  return { seconds, summary: /^(Apply complete!.*|No changes\..*|Plan: .*)$/m.exec(out)?.[1] ?? '' };
}

function expectTable(what, want) {
  const got = table();
  if (got.services !== want.services || got.destinations !== want.destinations || got.weight2 !== want.weight2) {
    throw new Error(`after ${what} the director has ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'apply-table-'));
const total = SERVICES * BACKENDS;
const drifted = Math.ceil(total / 100);
console.log(`apply-table: ${SERVICES} services x ${BACKENDS} destinations (${total}) on the lab's director over ssh; load average ${readLoad()}`);
for (const [name, build] of BUILDS) {
  empty();
  config(dir, false);
  const fromEmpty = run(build, ['apply', '-auto-approve'], dir, 0, 'Apply complete!');
  expectTable('apply from empty', { services: SERVICES, destinations: total, weight2: 0 });
  const record = Number(inDirector(`wc -c < ${STATE_RECORD}`).trim());
  const inSync = run(build, ['plan', '-detailed-exitcode'], dir, 0, 'No changes.');
  config(dir, true);
  const change = run(build, ['apply', '-auto-approve'], dir, 0, 'Apply complete!');
  expectTable('the 1% change', { services: SERVICES, destinations: total, weight2: drifted });
  const after = run(build, ['plan', '-detailed-exitcode'], dir, 0, 'No changes.');
  console.log(`  ${name}: apply from empty ${fromEmpty.seconds.toFixed(1)} s (${fromEmpty.summary}); plan in sync ${inSync.seconds.toFixed(1)} s; apply of 1% (${drifted} weights) ${change.seconds.toFixed(1)} s (${change.summary}); plan in sync ${after.seconds.toFixed(1)} s; state record ${(record / 1e6).toFixed(1)} MB`);
}

function readLoad() {
  return inDirector('cut -d" " -f1 /proc/loadavg').trim();
}
