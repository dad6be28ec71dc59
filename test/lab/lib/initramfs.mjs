import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from './fail.mjs';
import { REQUIRED_MODULES, OPTIONAL_MODULES } from './modules.mjs';
import { progress, run, which } from './proc.mjs';

const INIT_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'init.sh');

function moduleIndex(modulesDir) {
  const index = new Map();
  for (const line of readFileSync(join(modulesDir, 'modules.dep'), 'utf8').split('\n')) {
    const [path, deps] = line.split(':');
    if (!path || deps === undefined) continue;
    const name = path.split('/').pop().replace(/\.ko(\.\w+)?$/, '').replaceAll('-', '_');
    index.set(name, { path, deps: deps.trim() ? deps.trim().split(/\s+/) : [] });
  }
  return index;
}

export function resolveModules(modulesDir) {
  const index = moduleIndex(modulesDir);
  const missing = REQUIRED_MODULES.filter((m) => !index.has(m));
  if (missing.length) fail(`kernel in ${modulesDir} lacks required modules: ${missing.join(', ')}`);
  const load = [...REQUIRED_MODULES, ...OPTIONAL_MODULES.filter((m) => index.has(m))];
  const files = new Set();
  for (const name of load) {
    const { path, deps } = index.get(name);
    files.add(path);
    for (const dep of deps) files.add(dep);
  }
  return { load, files: [...files].sort() };
}

function busyboxPath() {
  const path = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (!path) fail('busybox not found: install busybox-static (test/lab/setup.sh)');
  if (readFileSync(path).includes('/lib64/ld-linux')) fail(`${path} is not static: install busybox-static`);
  return path;
}

// Builds (or reuses) an initramfs keyed by a hash of everything that goes into it.
export function ensureInitramfs(cacheDir, kernel) {
  if (!which('cpio')) fail('cpio not found: run test/lab/setup.sh');
  const busybox = busyboxPath();
  const modules = resolveModules(kernel.modulesDir);
  const init = readFileSync(INIT_SCRIPT);
  const hash = createHash('sha256')
    .update(`${kernel.name} ${kernel.version}\n${modules.load.join(' ')}\n`)
    .update(init)
    .update(readFileSync(busybox))
    .digest('hex')
    .slice(0, 16);
  const out = join(cacheDir, `initramfs-${hash}.cpio.gz`);
  if (existsSync(out)) return out;

  progress(`building the lab's initramfs ${out}`, () => {
    const stage = join(cacheDir, `initramfs-${hash}.d`);
    rmSync(stage, { recursive: true, force: true });
    for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'sys', 'dev', 'tmp']) {
      mkdirSync(join(stage, d), { recursive: true });
    }
    copyFileSync(busybox, join(stage, 'bin/busybox'));
    chmodSync(join(stage, 'bin/busybox'), 0o755);
    copyFileSync(INIT_SCRIPT, join(stage, 'init'));
    chmodSync(join(stage, 'init'), 0o755);
    const modRoot = join(stage, 'lib/modules', kernel.release);
    for (const file of modules.files) {
      mkdirSync(dirname(join(modRoot, file)), { recursive: true });
      copyFileSync(join(kernel.modulesDir, file), join(modRoot, file));
    }
    for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo']) {
      if (existsSync(join(kernel.modulesDir, f))) copyFileSync(join(kernel.modulesDir, f), join(modRoot, f));
    }
    run(['depmod', '-b', stage, kernel.release]);
    writeFileSync(join(stage, 'etc/lab-modules'), modules.load.join('\n') + '\n');
    run(['sh', '-c', 'cd "$1" && find . | cpio -o -H newc --quiet | gzip -1 > "$2.tmp"', 'sh', stage, out]);
    renameSync(`${out}.tmp`, out);
    rmSync(stage, { recursive: true, force: true });
  });
  return out;
}
