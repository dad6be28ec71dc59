// Runs every benchmark in turn (each prints ratios measured side by side in its own run).
// `npm run bench` builds first. Benchmarks that need the lab kernel (apply-batch) run inside it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const quick = process.argv.includes('--quick');
const benches = [
  ['startup.mjs', ...(quick ? ['--runs', '5'] : [])],
  ['hcl-parse.mjs', ...(quick ? ['--quick'] : [])],
  ['fmt.mjs', ...(quick ? ['--quick'] : [])],
  ['ipvs-parse.mjs'],
  ['config-decode.mjs'],
  ['plan-scale.mjs'],
  ['plan-cluster.mjs', ...(quick ? ['--services', '1000'] : [])],
  ['execute-plan.mjs', ...(quick ? ['--small', '2000', '--large', '20000'] : [])],
  ['health-checks.mjs'],
  ['holder-batch.mjs', ...(quick ? ['--rounds', '1'] : [])],
];
let failed = 0;
for (const [file, ...args] of benches) {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [`test/bench/${file}`, ...args], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (existsSync('test/bench/apply-batch.mjs')) {
  console.log('\n=== apply-batch.mjs (inside the lab)');
  const r = spawnSync(process.execPath, ['test/lab/lab.mjs', 'run', '--', 'node', 'test/bench/apply-batch.mjs', ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
