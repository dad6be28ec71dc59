// HCL parsing speed: lvsplan's parser against hcl2-parser (HashiCorp HCL compiled to JS with GopherJS), same input,
// same run. Build first: npx tsc -p tsconfig.json; then node test/bench/hcl-parse.mjs [--quick]
// Full size: 5,000 virtual_server blocks with 100,000 backend blocks (~6.1 MB). --quick: 1/25 of that.
// Both parsers run in this one process, under whatever V8 flags it was started with (printed; none by default).
import { createRequire } from 'node:module';
import { parseFile } from '../../dist/src/hcl/parse.js';
import { parseHclToJson } from '../../dist/src/hcl/to-json.js';
import { generateBenchConfig } from './bench-config.mjs';

const quick = process.argv.includes('--quick');
const SERVICES = quick ? 200 : 5_000;
const BACKENDS_PER_SERVICE = 20;

function generate() {
  return generateBenchConfig(SERVICES, BACKENDS_PER_SERVICE);
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const src = generate();
const mb = Buffer.byteLength(src) / 1e6;
console.log(`input: ${mb.toFixed(2)} MB, ${SERVICES} virtual_server blocks, ${SERVICES * BACKENDS_PER_SERVICE} backend blocks`);
console.log(`node ${process.version}, V8 flags: ${process.execArgv.join(' ') || 'none'} (the same for both parsers)`);

for (let i = 0; i < 2; i++) parseHclToJson(src, 'bench.hcl');
const astRuns = [];
const jsonRuns = [];
let lvsValue;
/** lvsplan is timed both before and after the (long) hcl2-parser run, so load drift on a shared machine evens out. */
function measureLvsplan(runs) {
  for (let i = 0; i < runs; i++) {
    const a = time(() => parseFile(src, 'bench.hcl'));
    if (a.result.diagnostics.length > 0) throw new Error('lvsplan reported diagnostics on the benchmark input');
    astRuns.push(a.ms);
    const j = time(() => parseHclToJson(src, 'bench.hcl'));
    jsonRuns.push(j.ms);
    lvsValue = j.result.value;
  }
}
measureLvsplan(3);

const require = createRequire(import.meta.url);
const load = time(() => require('hcl2-parser'));
const hcl2 = load.result;
const oracle = time(() => hcl2.parseToObject(src));
measureLvsplan(3);
const lvsAst = median(astRuns);
const lvsJson = median(jsonRuns);
const same = JSON.stringify(oracle.result[0]) === JSON.stringify(lvsValue);

console.log(`lvsplan parseFile (AST):        ${lvsAst.toFixed(1)} ms (median of 6, before and after)`);
console.log(`lvsplan parseHclToJson:         ${lvsJson.toFixed(1)} ms (median of 6, before and after)`);
console.log(`hcl2-parser parseToObject:      ${oracle.ms.toFixed(1)} ms (one run; module load ${load.ms.toFixed(0)} ms not counted)`);
console.log(`same JSON value:                ${same}`);
console.log(`ratio hcl2-parser / lvsplan JSON: ${(oracle.ms / lvsJson).toFixed(1)}x`);
console.log(`ratio hcl2-parser / lvsplan AST:  ${(oracle.ms / lvsAst).toFixed(1)}x`);
if (!same) process.exitCode = 1;
