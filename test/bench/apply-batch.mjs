// Applying N destination changes to one director: one `ipvsadm -R` batch (lvsplan's way) against one
// `ipvsadm` process per change (the seed's scripts' way), side by side in one run, on the lab's real kernel.
// Run inside the lab after building: npx tsc -p tsconfig.json &&
//   node test/lab/lab.mjs run -- node test/bench/apply-batch.mjs [--count 10000] [--rounds 1] [--sample N]
// A smaller --count (e.g. 500) suits CI: under TCG every process start costs ~0.2 s. With --sample N the
// one-process-per-change side runs only the first N changes and its rate is scaled to --count (100,000 changes
// one process each would take hours); the batch side then also runs as batches of 10,000 lines.
import { spawnSync } from 'node:child_process';
import { labTopology } from './lab-topology.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = option('--count', 10_000);
const ROUNDS = option('--rounds', 1);
const SAMPLE = Math.min(option('--sample', COUNT), COUNT);
const CHUNK = 10_000;
const PER_SERVICE = 1000;

const dist = process.env.LVSPLAN_DIST ?? new URL('../../dist/', import.meta.url).pathname;
const { serviceAddLine, destinationAddLine } = await import(`${dist}/providers/ipvs/build-lines.js`);
const { ipvsServiceId } = await import(`${dist}/providers/ipvs/service-id.js`);

const topology = labTopology('apply-batch.mjs');
const director = topology.hosts.find((h) => h.name === 'director');
const enter = ['nsenter', '-t', String(director.pid), '-m', '-n', '-u', '-r', '-w', '--'];

function inDirector(argv, input = '') {
  const r = spawnSync(enter[0], [...enter.slice(1), ...argv], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return r.stdout;
}

function unwrap(built) {
  if (!built.ok) throw new Error(built.error);
  return built.value;
}

const services = [];
for (let s = 0; s * PER_SERVICE < COUNT; s++) {
  services.push({
    family: 'inet', protocol: 'tcp', address: `192.168.200.${s + 1}`, port: 80, fwmark: null, scheduler: 'wlc',
    persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null,
    one_packet: false, scheduler_flags: [],
  });
}
const serviceLines = services.map((svc) => unwrap(serviceAddLine(svc)));
const changeLines = [];
for (let i = 0; i < COUNT; i++) {
  const svc = services[Math.floor(i / PER_SERVICE)];
  const dest = {
    service: ipvsServiceId(svc),
    address: `172.16.${(i >> 8) & 255}.${i & 255}`, port: 80, forwarding: 'dr', weight: 1 + (i % 7),
    upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null,
  };
  changeLines.push(unwrap(destinationAddLine(svc, dest)));
}

function prepare() {
  inDirector(['ipvsadm', '-C']);
  inDirector(['ipvsadm', '-R'], serviceLines.join('\n') + '\n');
}

function destinationsInTable() {
  return inDirector(['ipvsadm', '-Sn']).split('\n').filter((l) => l.startsWith('-a ')).length;
}

function timed(fn, expected = COUNT) {
  prepare();
  const start = process.hrtime.bigint();
  fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const found = destinationsInTable();
  if (found !== expected) throw new Error(`expected ${expected} destinations in the table, found ${found}`);
  return ms;
}

// lvsplan: every change of the director in one ipvsadm -R process fed on stdin.
const batch = () => inDirector(['ipvsadm', '-R'], changeLines.join('\n') + '\n');
const chunked = () => {
  for (let i = 0; i < COUNT; i += CHUNK) inDirector(['ipvsadm', '-R'], changeLines.slice(i, i + CHUNK).join('\n') + '\n');
};
// The seed's way: a shell script running one ipvsadm per change (as its `for rip in $RIPS` loop does), on SAMPLE changes.
const perProcess = () => inDirector(['sh', '-e', '-s'], changeLines.slice(0, SAMPLE).map((l) => `ipvsadm ${l}`).join('\n') + '\n');
const sampled = SAMPLE < COUNT;
const longestLine = Math.max(...changeLines.map((l) => l.length));

console.log(
  `apply-batch: ${COUNT} destination adds on one director (${services.length} services), ${ROUNDS} round(s), lab kernel ${inDirector(['uname', '-r']).trim()}` +
    (sampled ? `; one process per change measured on the first ${SAMPLE} and scaled` : ''),
);
const results = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order so load drift on the shared machine does not favour one side.
  const round = {};
  const steps = [
    ['batch', () => timed(batch)],
    ['perProcess', () => (timed(perProcess, SAMPLE) * COUNT) / SAMPLE],
    ...(sampled ? [['chunked', () => timed(chunked)]] : []),
  ];
  for (const [name, run] of r % 2 === 0 ? steps : [...steps].reverse()) round[name] = run();
  results.push(round);
  console.log(
    `round ${r + 1}: ipvsadm -R batch ${(round.batch / 1000).toFixed(2)} s` +
      (sampled ? `, as ${Math.ceil(COUNT / CHUNK)} batches of ${CHUNK} ${(round.chunked / 1000).toFixed(2)} s` : '') +
      `, one ipvsadm per change ${(round.perProcess / 1000).toFixed(2)} s${sampled ? ' (scaled)' : ''}, ratio ${(round.perProcess / round.batch).toFixed(1)}x`,
  );
}
const mean = (name) => results.reduce((sum, r) => sum + r[name], 0) / ROUNDS;
console.log(
  `apply-batch: batch ${(mean('batch') / 1000).toFixed(2)} s (${((mean('batch') / COUNT) * 1000).toFixed(0)} us/change), ` +
    `per-process ${(mean('perProcess') / 1000).toFixed(2)} s${sampled ? ' scaled' : ''} (${(mean('perProcess') / COUNT).toFixed(1)} ms/change), ` +
    `per-process / batch = ${(mean('perProcess') / mean('batch')).toFixed(1)}x; longest line ${longestLine} characters (ipvsadm -R takes tokens up to 4096)`,
);
inDirector(['ipvsadm', '-C']);
