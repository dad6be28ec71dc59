// Config decoding at scale. Build first: npx tsc -p tsconfig.json; then node test/bench/config-decode.mjs
// Per size (services x 10 backends) it prints, measured side by side in one run:
//   - decode time of the repetition form (for_each + dynamic) relative to decoding the written-out form,
//   - decode time of the written-out form (one block per backend) relative to parsing that text,
//   - growth of each against the smallest size, per service (1.00 = exactly linear).
import { parseFile } from '../../dist/src/hcl/parse.js';
import { decodeConfig } from '../../dist/src/config/decode-config.js';
import { scaleConfig } from '../support/scale-config.mjs';

const SIZES = [1_000, 2_500, 5_000, 10_000];
const BACKENDS = 10;
const RUNS = 3;

const HEAD = `director "d" {\n  connection { host = "10.0.0.1" }\n  interface = "eth0"\n}\n`;

const repeated = (n) => scaleConfig(n, BACKENDS);

function written(n) {
  const out = [HEAD];
  for (let i = 0; i < n; i++) {
    out.push(`virtual_server "s${i}" {\n  director = "d"\n  address = "10.0.0.100"\n  port = ${1000 + i}\n  forwarding = "nat"\n`);
    for (let j = 0; j < BACKENDS; j++) out.push(`  backend "b${j}" {\n    address = "10.1.0.${j + 1}"\n    weight = ${j + 1}\n  }\n`);
    out.push('}\n');
  }
  return out.join('');
}

function best(fn) {
  let min = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0));
  }
  return min;
}

function measure(text) {
  let file;
  const parse = best(() => (file = parseFile(text, 'main.hcl').file));
  let res;
  const decode = best(() => (res = decodeConfig([file], { variables: [] })));
  if (!res.desired) throw new Error(res.diagnostics.map((d) => d.summary).join('; '));
  return { parse, decode, resources: res.desired.resources.length };
}

const rows = [];
for (const n of SIZES) rows.push({ n, rep: measure(repeated(n)), wr: measure(written(n)) });
const base = rows[0];
console.log('services  resources  decode(repetition)/decode(written)  decode/parse(written)  growth/service(repetition)  growth/service(written)');
for (const r of rows) {
  const g = (m, b) => ((m.decode / r.n) / (b.decode / base.n)).toFixed(2);
  console.log(
    [String(r.n).padStart(8), String(r.rep.resources).padStart(10), (r.rep.decode / r.wr.decode).toFixed(2).padStart(35),
     (r.wr.decode / r.wr.parse).toFixed(2).padStart(22), g(r.rep, base.rep).padStart(27), g(r.wr, base.wr).padStart(24)].join(''),
  );
}
