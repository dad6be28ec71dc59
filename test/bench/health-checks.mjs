// What one round of director health checks costs the director: the check script of this build run against HTTP
// servers on loopback (half answering 200, half refusing), its wall time and the CPU time of everything it started
// (bash's `times`), and with strace on PATH the processes it started. Under the lab's emulated CPU the CPU time is
// what a round waits for. With --baseline OTHER/dist (another build, e.g. main's before a change) both builds'
// scripts run in the same process, rounds alternating, and the ratios are printed. Build first (npm run build).
// It also times when the round's failures are all known (the last refused check's line, as the script prints it):
// what a watch waits for before acting; --answer-ms N delays each 200 (a loaded real server's GET).
// Usage: node test/bench/health-checks.mjs [--checks N] [--rounds N] [--answer-ms N] [--baseline OTHER/dist]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loopbackChecks } from './loopback-checks.mjs';

const arg = (name, def) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : def);
const CHECKS = Number(arg('--checks', 20));
const ROUNDS = Number(arg('--rounds', 10));
const ANSWER_MS = Number(arg('--answer-ms', 0));
const BUILDS = [['this build', resolve('dist')], ...(arg('--baseline', null) ? [['baseline', resolve(arg('--baseline'))]] : [])];

const { checks, close: closeServers } = await loopbackChecks({ count: CHECKS, intervalMs: 5000, timeoutMs: 2000, answerMs: ANSWER_MS });
const hasStrace = spawnSync('strace', ['-V']).status === 0;

const builds = [];
for (const [name, dist] of BUILDS) {
  const { buildCheckRun } = await import(pathToFileURL(`${dist}/providers/health/check-script.js`).href);
  const { parseCheckRun } = await import(pathToFileURL(`${dist}/providers/health/parse-results.js`).href);
  builds.push({ name, run: buildCheckRun(checks), parseCheckRun, wall: [], cpu: [], failuresKnown: [], processes: null });
}

// The outer bash reports its children's CPU time (the script and all it started and waited for) with `times`.
const TIMED = '"$@" <&0; times >&2';
for (let round = 0; round < ROUNDS; round++) {
  for (const b of round % 2 ? [...builds].reverse() : builds) {
    const t0 = performance.now();
    // Asynchronously: spawnSync would block the HTTP server in this process.
    const r = await new Promise((done) => {
      const c = spawn('bash', ['-c', TIMED, 'timed', ...b.run.argv], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let refused = 0;
      c.stdout.on('data', (d) => {
        stdout += d;
        // A refused check's line: "IDX 7 ..." (connect failed); the last one tells when every failure is known.
        const now = (stdout.match(/^\d+ 7 /gm) ?? []).length;
        if (now > refused && (refused = now) === CHECKS / 2) b.failuresKnown.push(performance.now() - t0);
      });
      c.stderr.on('data', (d) => (stderr += d));
      c.on('close', () => done({ stdout, stderr }));
      c.stdin.end(b.run.stdin);
    });
    b.wall.push(performance.now() - t0);
    const children = r.stderr.trim().split('\n').at(-1).split(/\s+/).map((x) => /(\d+)m([\d.]+)s/.exec(x)).map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
    b.cpu.push(children[0] + children[1]);
    const parsed = b.parseCheckRun(checks, r.stdout);
    const healthy = parsed.ok ? parsed.results.filter((x) => x?.healthy).length : -1;
    if (healthy !== CHECKS / 2) throw new Error(`${b.name}: ${healthy} healthy of ${CHECKS}, expected ${CHECKS / 2}:\n${r.stdout}\n${r.stderr}`);
  }
}
for (const b of builds) {
  if (!hasStrace) break;
  const log = join(mkdtempSync(join(tmpdir(), 'health-bench-')), 'strace.log');
  await new Promise((done) => {
    const c = spawn('strace', ['-f', '-qq', '-e', 'trace=execve,clone,clone3,fork,vfork', '-o', log, ...b.run.argv], { stdio: ['pipe', 'ignore', 'ignore'] });
    c.on('close', done);
    c.stdin.end(b.run.stdin);
  });
  const lines = readFileSync(log, 'utf8').split('\n');
  rmSync(dirname(log), { recursive: true });
  const ok = (re) => lines.filter((l) => re.test(l) && !/= -1 /.test(l)).length;
  // The first execve is the script's own bash.
  b.processes = { forks: ok(/^\d+\s+(clone3?|v?fork)\(/), execs: ok(/^\d+\s+execve\(/) - 1 };
}
closeServers();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`one round of ${CHECKS} http checks (half refused, each 200 after ${ANSWER_MS} ms) on loopback, ${ROUNDS} rounds per build, alternating`);
for (const b of builds) {
  const p = b.processes ? `, started ${b.processes.forks} processes (${b.processes.execs} of them new programs)` : '';
  console.log(`${b.name.padEnd(10)} wall median ${median(b.wall).toFixed(0)} ms, every failure known after ${median(b.failuresKnown).toFixed(0)} ms, CPU median ${median(b.cpu).toFixed(0)} ms${p}`);
}
if (builds.length === 2) {
  const [a, base] = builds;
  console.log(`baseline / this build: wall ${(median(base.wall) / median(a.wall)).toFixed(2)}x, failures known ${(median(base.failuresKnown) / median(a.failuresKnown)).toFixed(2)}x, CPU ${(median(base.cpu) / median(a.cpu)).toFixed(2)}x`);
}
