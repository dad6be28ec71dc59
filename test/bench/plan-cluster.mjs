// A whole `lvsplan plan` process for a cluster of N services x 10 destinations (default 10,000 x 10 = 100,000),
// written with repetition, against an observed state of the same size with 1% drift, read from captured-format
// outputs through the exec transport. Measured side by side in one run with the floor for the same work: GNU diff of
// the two sorted `ipvsadm -Sn` texts. Also prints the plan's peak RSS and, with --profile, where its time goes (one
// extra run under node --cpu-prof, and one of the plan with the state record). Build first (npm run build). The
// configuration alone is `lvsplan validate` of the same directory (a whole process: start, read, evaluate, decode,
// derive; no host read, no plan). Beside -json, the same number of bytes written through the same pipe by a node process
// that does nothing else: the part of -json's wall that is the pipe's and its reader's (this process, as spawnSync).
// With --baseline OTHER/dist/lvsplan.mjs (another build, e.g. main's before a change) both builds are measured in the
// same run, their runs alternating, and their plans compared byte for byte (text, and -json without its timestamp).
// A director lvsplan manages also holds its state record (/var/lib/lvsplan/state.json), which every plan reads: the
// plan is also measured against the record an apply of this configuration writes (every object managed, serialized by
// each build's own writer), the fake host handing the bench's copy to the read in place of that path. The plans with
// the record are compared byte for byte too (the baseline's record is in its own format).
// Usage: node test/bench/plan-cluster.mjs [--services N] [--runs N] [--profile] [--cli BUILD] [--baseline BUILD]
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatProfile, summarizeProfile } from './cpu-profile-summary.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SERVICES = arg('--services', 10_000);
const BACKENDS = 10;
const RUNS = arg('--runs', 3);
const path = (name, def) => (process.argv.includes(name) ? resolve(process.argv[process.argv.indexOf(name) + 1]) : def);
const CLI = path('--cli', resolve('dist/lvsplan.mjs'));
const BASELINE = path('--baseline', null);
const VIP_BASE = [10, 0];
const STATE_PATH = '/var/lib/lvsplan/state.json';
const PROFILE = process.argv.includes('--profile');
const RSS_HOOK = pathToFileURL(resolve('test/bench/peak-rss-hook.mjs')).href;
/** Inclusive profile stages, by function name: configuration, reading the host (and its state record), planning, rendering. */
const STAGES = ['loadConfigDir', 'parseHostRead', 'readStateRecord', 'fingerprintObserved', 'planWithHealth', 'renderJsonPlan', 'renderHumanPlan', '(garbage collector)'];

/** `node -e` of this with N: N bytes to stdout in writes of 1 MB, each handed on before the next (as lvsplan writes -json). */
const PIPE_WRITER = `const b = Buffer.alloc(1 << 20, 32); let left = Number(process.argv[1]);
(async () => { while (left > 0) { const n = Math.min(left, b.length); left -= n; await new Promise((ok, no) => process.stdout.write(b.subarray(0, n), (e) => (e ? no(e) : ok()))); } })();`;

const vip = (i) => `10.${VIP_BASE[1] + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const rip = (j) => `10.200.0.${j + 1}`;

function config(dir, fakeHost) {
  writeFileSync(
    join(dir, 'main.hcl'),
    `director "d" {
  connection {
    type    = "exec"
    command = ["${fakeHost}"]
  }
  interface = "eth0"
  bind_vips = false
}
locals {
  ids      = flatten([for a in range(${Math.ceil(SERVICES / 1000)}) : [for b in range(1000) : a * 1000 + b if a * 1000 + b < ${SERVICES}]])
  services = { for i in local.ids : "s\${i}" => i }
  backends = [for j in range(${BACKENDS}) : "10.200.0.\${j + 1}"]
}
virtual_server "svc" {
  for_each   = local.services
  director   = "d"
  address    = format("10.%d.%d.%d", floor(each.value / 65536), floor(each.value / 256) % 256, each.value % 256)
  port       = 80
  scheduler  = "wlc"
  forwarding = "nat"
  dynamic "backend" {
    for_each = local.backends
    iterator = b
    labels   = [b.value]
    content {
      address = b.value
      port    = 8080
      weight  = 1
    }
  }
}
`,
  );
}

/** The -Sn text of the cluster; `drift` changes the weight of every 100th destination. */
function saveText(drift) {
  const out = [];
  let k = 0;
  for (let i = 0; i < SERVICES; i++) {
    out.push(`-A -t ${vip(i)}:80 -s wlc`);
    for (let j = 0; j < BACKENDS; j++, k++) out.push(`-a -t ${vip(i)}:80 -r ${rip(j)}:8080 -m -w ${drift && k % 100 === 0 ? 5 : 1}`);
  }
  return out.join('\n') + '\n';
}

/** A build's own state record writer (from its tsc output beside the bundle; before 2 Dec 13:45 it lived in src/apply/state-write.js). */
async function stateRecordWriter(cli) {
  for (const module of ['src/model/state-record-file.js', 'src/apply/state-write.js']) {
    const path = join(cli, '..', module);
    if (existsSync(path)) {
      const { stateRecordText } = await import(pathToFileURL(path).href);
      if (stateRecordText) return stateRecordText;
    }
  }
  throw new Error(`no state record writer beside ${cli} (build it with npm run build)`);
}

/** The director's state record after an apply of the configuration: its objects managed with the configured attributes. */
function stateRecord() {
  const service = (i) => ({ family: 'inet', protocol: 'tcp', address: vip(i), port: 80, fwmark: null, scheduler: 'wlc', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] });
  const managed = [{ type: 'sysctl', id: 'net.ipv4.ip_forward', attrs: { name: 'net.ipv4.ip_forward', value: '1' }, address: 'director.d.sysctl["net.ipv4.ip_forward"]' }];
  for (let i = 0; i < SERVICES; i++) managed.push({ type: 'ipvs_service', id: `tcp:${vip(i)}:80`, attrs: service(i), address: `virtual_server.svc["s${i}"]` });
  for (let i = 0; i < SERVICES; i++) {
    for (let j = 0; j < BACKENDS; j++) {
      const attrs = { service: `tcp:${vip(i)}:80`, address: rip(j), port: 8080, forwarding: 'nat', weight: 1, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null };
      managed.push({ type: 'ipvs_destination', id: `tcp:${vip(i)}:80->${rip(j)}:8080`, attrs, address: `virtual_server.svc["s${i}"].backend["${rip(j)}"]` });
    }
  }
  return { version: 1, managed, originalSysctls: { 'net.ipv4.ip_forward': '0' }, updatedAt: '2026-12-02T00:00:00.000Z' };
}

function thresholdsText() {
  const out = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn ', '  -> RemoteAddress:Port'];
  for (let i = 0; i < SERVICES; i++) {
    out.push(`TCP  ${vip(i)}:80 wlc`);
    for (let j = 0; j < BACKENDS; j++) out.push(`  -> ${`${rip(j)}:8080`.padEnd(28)} 0          0          0          0         `);
  }
  return out.join('\n') + '\n';
}

/** CPU time (user + system, ms) of this process's waited-for children, from /proc/self/stat (cutime, cstime). */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

/** Best wall time and best CPU time of RUNS runs of each argv, the argvs' runs alternating: CPU time is what a loaded machine disturbs least. */
function timeEach(argvs, opts = {}) {
  const out = argvs.map(() => ({ ms: Infinity, cpuMs: Infinity, result: null, peakKiB: 0 }));
  for (let r = 0; r < RUNS; r++) {
    argvs.forEach((argv, i) => {
      const cpu0 = childrenCpuMs();
      const t0 = process.hrtime.bigint();
      const result = spawnSync(argv[0], argv.slice(1), { maxBuffer: 1 << 30, ...opts });
      out[i].ms = Math.min(out[i].ms, Number(process.hrtime.bigint() - t0) / 1e6);
      out[i].cpuMs = Math.min(out[i].cpuMs, childrenCpuMs() - cpu0);
      out[i].result = result;
      if (opts.env?.LVSPLAN_BENCH_RSS_FILE) out[i].peakKiB = Math.max(out[i].peakKiB, Number(readFileSync(opts.env.LVSPLAN_BENCH_RSS_FILE, 'utf8')));
    });
  }
  return out;
}
const time = (argv, opts) => timeEach([argv], opts)[0];

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-bench-'));
try {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(dir, 'observed-Sn.txt'), saveText(true));
  writeFileSync(join(dir, 'thresholds.txt'), thresholdsText());
  writeFileSync(join(dir, 'addr.txt'), '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n');
  writeFileSync(
    join(bin, 'ipvsadm'),
    `#!/bin/sh\ncase "$*" in *thresholds*) exec cat ${dir}/thresholds.txt;; *-S*) exec cat ${dir}/observed-Sn.txt;; esac\nexit 0\n`,
  );
  writeFileSync(join(bin, 'ip'), `#!/bin/sh\nexec cat ${dir}/addr.txt\n`);
  const fakeHost = join(dir, 'fake-host');
  writeFileSync(fakeHost, `#!/bin/sh\nPATH=${bin}:$PATH exec "$@"\n`);
  for (const f of ['ipvsadm', 'ip']) chmodSync(join(bin, f), 0o755);
  chmodSync(fakeHost, 0o755);
  const cfg = join(dir, 'cfg');
  mkdirSync(cfg);
  config(cfg, fakeHost);
  const builds = BASELINE ? [['baseline', BASELINE], ['this build', CLI]] : [['lvsplan', CLI]];
  // The same host holding its state record, as each build writes it: the read's state path argument becomes the bench's copy.
  const managedCfgs = [];
  for (const [i, [, cli]] of builds.entries()) {
    const record = join(dir, `state-${i}.json`);
    writeFileSync(record, (await stateRecordWriter(cli))(stateRecord()));
    const managedHost = join(dir, `managed-host-${i}`);
    writeFileSync(managedHost, `#!/bin/sh\nfor a do shift; [ "$a" = ${STATE_PATH} ] && a=${record}; set -- "$@" "$a"; done\nPATH=${bin}:$PATH exec "$@"\n`);
    chmodSync(managedHost, 0o755);
    managedCfgs.push(join(dir, `managed-cfg-${i}`));
    mkdirSync(managedCfgs[i]);
    config(managedCfgs[i], managedHost);
  }

  writeFileSync(join(dir, 'desired.sorted'), execFileSync('sort', { input: saveText(false), maxBuffer: 1 << 30 }));
  writeFileSync(join(dir, 'observed.sorted'), execFileSync('sort', { input: saveText(true), maxBuffer: 1 << 30 }));

  const floor = time(['diff', join(dir, 'desired.sorted'), join(dir, 'observed.sorted')]);
  const rssFile = join(dir, 'rss');
  const env = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${RSS_HOOK}`, LVSPLAN_BENCH_RSS_FILE: rssFile };
  const text = timeEach(builds.map(([, cli]) => [cli, 'plan', '-detailed-exitcode', cfg]), { env });
  const json = timeEach(builds.map(([, cli]) => [cli, 'plan', '-json', cfg]), { env });
  // The part of -json's wall that is the pipe's: its bytes taken through the same pipe by this process, from a node that only writes them.
  const pipeOnly = time([process.execPath, '-e', PIPE_WRITER, String(json.at(-1).result.stdout.length)]);
  const validate = timeEach(builds.map(([, cli]) => [cli, 'validate', cfg]), { env });
  const managed = timeEach(builds.map(([, cli], i) => [cli, 'plan', '-detailed-exitcode', managedCfgs[i]]), { env });
  // A build that cannot plan its own director with its record says why in the table (15cc387: its read printed more than
  // a host may); the build measured must.
  if (managed.at(-1).result.status !== 2) throw new Error(`plan with the state record exited ${managed.at(-1).result.status}: ${managed.at(-1).result.stderr}`);
  const failure = (t) => (t.result.status === 2 ? null : `exit ${t.result.status}: ${/Error: (.*)/.exec(t.result.stderr.toString())?.[1] ?? 'no error named'} (${/The command printed more than \d+ bytes/.exec(t.result.stderr.toString())?.[0] ?? ''})`);
  for (const t of validate) if (t.result.status !== 0) throw new Error(`validate exited ${t.result.status}: ${t.result.stderr}`);
  for (const t of text) if (t.result.status !== 2) throw new Error(`plan exited ${t.result.status}: ${t.result.stderr}`);
  const summary = /Plan: .*/.exec(text.at(-1).result.stdout.toString())?.[0];
  const diffLines = floor.result.stdout.toString().split('\n').filter((l) => l.startsWith('<')).length;

  console.log(`cluster: ${SERVICES} services, ${SERVICES * BACKENDS} destinations, 1% drift (${diffLines} destinations differ)`);
  console.log(`lvsplan says: ${summary}`);
  const row = (what, t) => `${what.padEnd(46)}${t.ms.toFixed(0).padStart(6)} ms wall ${(t.ms / floor.ms).toFixed(1).padStart(6)}x   ${t.cpuMs.toFixed(0).padStart(6)} ms CPU ${(t.cpuMs / floor.cpuMs).toFixed(1).padStart(6)}x`;
  console.log(`load average (1 min): ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} (best of ${RUNS} runs each, builds alternating; ratios against the floor)`);
  console.log(row('GNU diff of sorted -Sn texts (floor):', floor));
  builds.forEach(([name], i) => {
    console.log(row(`${name}: plan (text), whole process:`, text[i]));
    console.log(row(`${name}: plan -json, whole process:`, json[i]));
    if (i === builds.length - 1) console.log(row(`  its ${(json[i].result.stdout.length / 2 ** 20).toFixed(0)} MiB alone through the pipe (node):`, pipeOnly));
    console.log(row(`${name}: configuration alone (validate):`, validate[i]));
    const failed = failure(managed[i]);
    console.log(failed ? `${`${name}: plan (text) with the state record:`.padEnd(46)}${failed}` : row(`${name}: plan (text) with the state record:`, managed[i]));
    console.log(`${`${name}: peak RSS of plan (text):`.padEnd(46)}${(text[i].peakKiB / 1024).toFixed(0).padStart(6)} MiB`);
  });
  if (BASELINE) {
    const jsonText = (t) => t.result.stdout.toString().replace(/"timestamp":"[^"]*"/, '');
    const same = text[0].result.stdout.equals(text[1].result.stdout) && jsonText(json[0]) === jsonText(json[1]) && (failure(managed[0]) !== null || managed[0].result.stdout.equals(managed[1].result.stdout));
    console.log(`plans of the two builds: ${same ? `byte-identical (text; -json apart from its timestamp${failure(managed[0]) ? '' : '; with the state record'})` : 'DIFFERENT'}`);
    console.log(`this build against the baseline: CPU ${(text[0].cpuMs / text[1].cpuMs).toFixed(2)}x less (text), ${(json[0].cpuMs / json[1].cpuMs).toFixed(2)}x less (-json), ${(validate[0].cpuMs / validate[1].cpuMs).toFixed(2)}x less (configuration alone), ${failure(managed[0]) ? 'the baseline could not plan with the state record' : `${(managed[0].cpuMs / managed[1].cpuMs).toFixed(2)}x less (text, with the state record)`}; peak RSS ${(text[0].peakKiB / 1024).toFixed(0)} -> ${(text[1].peakKiB / 1024).toFixed(0)} MiB`);
    if (!same) process.exitCode = 1;
  }
  if (PROFILE) {
    // --cpu-prof is refused in NODE_OPTIONS: run node with the flags of the CLI's own #! line, plus the profiler.
    const shebangFlags = readFileSync(CLI, 'utf8').split('\n', 1)[0].split(/\s+/).filter((w) => w.startsWith('--'));
    for (const [k, [what, dirOf]] of [['plan (text)', cfg], ['plan (text) with the state record', managedCfgs.at(-1)]].entries()) {
      const profDir = join(dir, `profile-${k}`);
      const r = spawnSync(process.execPath, [...shebangFlags, '--cpu-prof', `--cpu-prof-dir=${profDir}`, CLI, 'plan', '-detailed-exitcode', dirOf], { maxBuffer: 1 << 30, env });
      if (r.status !== 2) throw new Error(`profiled ${what} exited ${r.status}: ${r.stderr}`);
      const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      console.log(`lvsplan ${what} under node --cpu-prof:`);
      for (const line of formatProfile(summarizeProfile(join(profDir, file), STAGES))) console.log(line);
    }
  }
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
}
