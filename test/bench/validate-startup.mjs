// `lvsplan validate examples/lvs-dr` as a whole process vs `node -e 0`, measured alternately in one run.
// Build first (npm run build). Usage: node test/bench/validate-startup.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 30;
const CLI = resolve('dist/lvsplan.mjs');

function once(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const node = [];
const validate = [];
for (let r = 0; r < RUNS; r++) {
  node.push(once([process.execPath, '-e', '0']));
  validate.push(once([CLI, 'validate', 'examples/lvs-dr']));
}
console.log(`node -e 0:                          median ${median(node).toFixed(1)} ms over ${RUNS} runs`);
console.log(`lvsplan validate examples/lvs-dr:   median ${median(validate).toFixed(1)} ms over ${RUNS} runs`);
console.log(`ratio validate / node -e 0:         ${(median(validate) / median(node)).toFixed(2)}x (target <= 2x)`);
