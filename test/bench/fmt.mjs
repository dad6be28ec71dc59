// `lvsplan fmt -check` against `terraform fmt -check` as whole processes on the same 6.1 MB benchmark
// configuration (5,000 virtual_server blocks, 100,000 backend blocks), run alternately in this one run.
// Build first (npm run build). node test/bench/fmt.mjs [--quick] (--quick: 1/25 of the size).
// Also checks that both write the same bytes for it (fmt -write=false -list=false).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateBenchConfig } from './bench-config.mjs';

const quick = process.argv.includes('--quick');
const SERVICES = quick ? 200 : 5_000;
const RUNS = 3;
const CLI = resolve('dist/lvsplan.mjs');

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-fmt-bench-'));
const src = generateBenchConfig(SERVICES);
// terraform fmt only takes .tf files; lvsplan fmt .hcl ones: the same bytes under both names.
writeFileSync(join(dir, 'bench.hcl'), src);
writeFileSync(join(dir, 'bench.tf'), src);
const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', NO_COLOR: '1' };

function run(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, env, maxBuffer: 1 << 28, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) return { ms, error: r.error };
  return { ms, status: r.status, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log(`input: ${(Buffer.byteLength(src) / 1e6).toFixed(2)} MB, ${SERVICES} virtual_server blocks, ${SERVICES * 20} backend blocks`);
const terraformVersion = spawnSync('terraform', ['version'], { env, encoding: 'utf8' });
const haveTerraform = !terraformVersion.error && terraformVersion.status === 0;
if (!haveTerraform) console.log('terraform is not installed: only lvsplan is timed, no ratio.');
else console.log(terraformVersion.stdout.split('\n')[0]);

const lvs = [];
const tf = [];
let failed = false;
for (let i = 0; i < RUNS; i++) {
  const a = run(process.execPath, [CLI, 'fmt', '-check', 'bench.hcl']);
  if (a.status !== 3 || a.stdout !== 'bench.hcl\n') {
    console.log(`lvsplan fmt -check: unexpected exit ${a.status ?? a.error}, output ${JSON.stringify(a.stdout)}`);
    failed = true;
  }
  lvs.push(a.ms);
  if (haveTerraform) {
    const b = run('terraform', ['fmt', '-check', 'bench.tf']);
    if (b.status !== 3) failed = true;
    tf.push(b.ms);
  }
}
console.log(`lvsplan fmt -check:   ${median(lvs).toFixed(0)} ms (median of ${RUNS} process runs)`);
if (haveTerraform) {
  console.log(`terraform fmt -check: ${median(tf).toFixed(0)} ms (median of ${RUNS} process runs, alternating with lvsplan)`);
  const mine = run(process.execPath, [CLI, 'fmt', '-write=false', '-list=false', 'bench.hcl']).stdout;
  const theirs = run('terraform', ['fmt', '-write=false', '-list=false', 'bench.tf']).stdout;
  const same = mine === theirs;
  console.log(`same formatted bytes: ${same}`);
  if (!same) failed = true;
  console.log(`ratio terraform / lvsplan: ${(median(tf) / median(lvs)).toFixed(1)}x`);
}
rmSync(dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
