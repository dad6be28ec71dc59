// What `lvsplan watch`'s warm check process saves per round: the same round of director checks (this build's
// script, against HTTP servers on loopback, half answering 200 and half refusing) run as a process of its own
// per round (what plan and apply do) and written to one long-lived process (what watch does), rounds
// alternating in one run; medians and the ratio. Build first (npm run build).
// Usage: node test/bench/watch-rounds.mjs [--checks N] [--rounds N]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loopbackChecks } from './loopback-checks.mjs';

const arg = (name, def) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : def);
const CHECKS = Number(arg('--checks', 2));
const ROUNDS = Number(arg('--rounds', 30));
const dist = resolve('dist');
const load = (p) => import(pathToFileURL(`${dist}/${p}`).href);
const { runChecks } = await load('src/apply/health-checks.js');
const { WarmChecks } = await load('src/apply/warm-checks.js');
const { LocalRunner } = await load('src/transport/local-runner.js');

const { checks, close: closeServers } = await loopbackChecks({ count: CHECKS, intervalMs: 1000, timeoutMs: 900 });
const hosts = [{ name: 'd', role: 'director', connection: { type: 'local' }, exclusive: false }];
const runner = new LocalRunner();
let starts = 0;
const counting = { run: (argv, o) => (starts++, runner.run(argv, o)), close: () => runner.close() };
const runners = new Map([['d', counting]]);
const warm = new WarmChecks();
const ways = [
  { name: 'process per round', round: () => runChecks(checks, hosts, runners, 1), wall: [], starts: 0 },
  { name: 'warm process', round: () => runChecks(checks, hosts, runners, 1, warm.run), wall: [], starts: 0 },
];
for (let i = 0; i < ROUNDS; i++) {
  for (const w of i % 2 ? [...ways].reverse() : ways) {
    const before = starts;
    const t0 = performance.now();
    const r = await w.round();
    w.wall.push(performance.now() - t0);
    w.starts += starts - before;
    const healthy = [...r.results.values()].filter((x) => x.healthy).length;
    if (r.diagnostics.length > 0 || healthy !== Math.floor(CHECKS / 2)) throw new Error(`${w.name}: ${healthy} healthy of ${CHECKS}: ${JSON.stringify(r.diagnostics)}`);
  }
}
await warm.close();
closeServers();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${ROUNDS} rounds of ${CHECKS} http checks (half refused) on loopback, each way, alternating`);
for (const w of ways) console.log(`${w.name.padEnd(18)} wall median ${median(w.wall).toFixed(1)} ms, ${w.starts} processes started`);
console.log(`process per round / warm process: wall ${(median(ways[0].wall) / median(ways[1].wall)).toFixed(2)}x`);
