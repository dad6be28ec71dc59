// A director's `ipvsadm -R` batch of 1 MB and of 5.9 MB (and one of three lines: what a holder costs whatever it
// carries) through its apply lock holder (asked on the holder's stdin, as runBatch does when the host's holder answers
// requests) against the same batch as a command of its own, each build's production code (its holder script, its
// request, its runner), the builds taking turns each round. Local processes (the exec transport, no ssh), a private
// lock path and state directory, and a stand-in `ipvsadm` first in PATH that reads its whole stdin and prints how many
// lines it read (the build machine has no IPVS; what is timed is the batch's way to the program, not the kernel's
// work): the bench fails unless every batch arrived whole. Wall times and the CPU of every process, which a loaded
// machine moves much less.
// npm run build && node test/bench/holder-batch.mjs [--baseline DIR] [--rounds N] (DIR: a checkout with dist built)
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
};
const ROUNDS = Number(option('--rounds', 5));
const baseline = option('--baseline', null);
const builds = [...(baseline ? [['baseline', resolve(baseline)]] : []), ['this build', resolve('.')]];
// Three lines too (135 bytes): what a holder costs whatever it carries.
const SIZES_MB = [0.0001, 1, 5.9];

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-holder-batch-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const bin = join(dir, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'ipvsadm'), '#!/bin/sh\n[ "$1" = -R ] || exit 2\nprintf \'%s lines\\n\' "$(wc -l)" >&2\n');
chmodSync(join(bin, 'ipvsadm'), 0o755);

// The batch as the apply builds it: destination adds of 1,000-destination services.
const { serviceAddLine, destinationAddLine } = await import(join(resolve('.'), 'dist/providers/ipvs/build-lines.js'));
const { ipvsServiceId } = await import(join(resolve('.'), 'dist/providers/ipvs/service-id.js'));
const unwrap = (built) => {
  if (!built.ok) throw new Error(built.error);
  return built.value;
};
function batchOf(megabytes) {
  const lines = [];
  let bytes = 0;
  for (let i = 0; bytes < megabytes * 1e6; i++) {
    const s = Math.floor(i / 1000);
    const svc = {
      family: 'inet', protocol: 'tcp', address: `10.${(s >> 8) & 255}.${s & 255}.1`, port: 80, fwmark: null, scheduler: 'wlc',
      persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [],
    };
    const dest = {
      service: ipvsServiceId(svc), address: `172.16.${(i >> 8) & 255}.${i & 255}`, port: 8080, forwarding: 'nat', weight: 1 + (i % 7),
      upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null,
    };
    const line = i % 1000 === 0 ? `${unwrap(serviceAddLine(svc))}\n${unwrap(destinationAddLine(svc, dest))}` : unwrap(destinationAddLine(svc, dest));
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  const text = `${lines.join('\n')}\n`;
  return { text, lines: text.split('\n').length - 1 };
}
const batches = SIZES_MB.map(batchOf);

async function load(root) {
  const from = (p) => import(join(root, 'dist/src', p));
  return {
    ...(await from('apply/host-lock.js')),
    ...(await from('apply/ipvs-batch.js')),
    ...(await from('apply/steps-script.js')),
    ...(await from('transport/exec-runner.js')),
  };
}

const arrived = (stderr, batch, what) => {
  if (!stderr.includes(`${batch.lines} lines`)) throw new Error(`${what}: the stand-in read ${JSON.stringify(stderr.slice(-200))}, not ${batch.lines} lines`);
};

/**
 * CPU seconds of this process and of its children that ended (utime, stime, cutime, cstime of /proc/self/stat, in
 * ticks of 10 ms): a holder's counts once it has let go. The wall time is the machine's load too; the CPU much less.
 */
function cpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
}

/** One round of a build: each batch alone, then each through a holder of its own (taken, asked, let go, as an apply's). */
async function round(name, m, k) {
  const runner = new m.ExecRunner(['env', `PATH=${bin}:${process.env.PATH}`]);
  const times = {};
  for (const b of batches) {
    const [t0, c0] = [performance.now(), cpuMs()];
    const r = await runner.run(m.IPVS_RESTORE_ARGV, { stdin: b.text, timeoutMs: 600_000 });
    times[`alone ${b.lines}`] = performance.now() - t0;
    times[`alone cpu ${b.lines}`] = cpuMs() - c0;
    arrived(r.stderr, b, `${name}, alone`);
  }
  for (const b of batches) {
    const d = mkdtempSync(join(dir, 'host-'));
    const c0 = cpuMs();
    const held = await m.acquireHostLock({ runner, token: `${k}`.padStart(8, '0'), holder: 'bench', timeoutMs: 1000, lockPath: join(d, 'lock'), stateDir: join(d, 'lib'), statePath: join(d, 'lib', 'state.json') });
    if (!held.ok || !held.lock.requests) throw new Error(`${name}: no lock holder that answers requests: ${held.error ?? 'no bash?'}`);
    const t0 = performance.now();
    const r = m.stepsOutcome(await held.lock.requests.runSteps([m.IPVS_RESTORE_ARGV], undefined, b.text), [m.IPVS_RESTORE_ARGV]).ran[0];
    times[`holder ${b.lines}`] = performance.now() - t0;
    arrived(r.stderr, b, `${name}, through the holder`);
    await held.lock.release();
    times[`holder cpu ${b.lines}`] = cpuMs() - c0;
  }
  return times;
}

const modules = [];
for (const [name, root] of builds) modules.push([name, await load(root)]);
const all = new Map(builds.map(([name]) => [name, []]));
// One round not counted (warming up), then the builds take turns.
for (let r = 0; r <= ROUNDS; r++) {
  for (const [name, m] of r % 2 === 0 ? modules : [...modules].reverse()) {
    const times = await round(name, m, r);
    if (r > 0) all.get(name).push(times);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const of = (name, key) => all.get(name).map((t) => t[key]);
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`holder-batch: an ipvsadm -R batch through the apply lock holder vs as a command of its own (local exec, stand-in ipvsadm), median of ${ROUNDS} rounds [least]; load ${loadavg()[0].toFixed(1)} at the end`);
console.log('  wall: the batch\'s request (the holder already held) vs the command; CPU: of every process, the holder\'s whole life (taken, asked, let go) vs the command');
batches.forEach((b) => {
  console.log(`  ${Buffer.byteLength(b.text) < 1e5 ? `${Buffer.byteLength(b.text)} bytes` : `${(Buffer.byteLength(b.text) / 1e6).toFixed(1)} MB`} (${b.lines} lines):`);
  for (const kind of ['', 'cpu ']) {
    const figure = (name, path) => median(of(name, `${path} ${kind}${b.lines}`));
    const cells = builds.map(([name]) => {
      const least = Math.min(...of(name, `holder ${kind}${b.lines}`));
      return `${name} holder ${ms(figure(name, 'holder'))} [${ms(least)}], alone ${ms(figure(name, 'alone'))}, holder/alone ${(figure(name, 'holder') / figure(name, 'alone')).toFixed(2)}x`;
    });
    const ratio = builds.length > 1 ? `; holder baseline/this build ${(figure(builds[0][0], 'holder') / figure(builds.at(-1)[0], 'holder')).toFixed(2)}x` : '';
    console.log(`    ${kind ? 'CPU' : 'wall'}: ${cells.join('; ')}${ratio}`);
  }
});
