// `npm run build` unless dist/ is newer than every source: the prepare script (npm ci, npm pack, installing
// from a git checkout) and `npm test` / `npm run demo` both build, and a machine set up by npm ci should
// not build twice.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUTS = ['dist/lvsplan.mjs', 'dist/src/index.js'];
const INPUTS = ['src', 'providers', 'scripts/bundle.mjs', 'package.json', 'tsconfig.json', 'node_modules/.package-lock.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const built = Math.min(...OUTPUTS.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
if (built === 0 || INPUTS.some((p) => newest(p) > built)) {
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
