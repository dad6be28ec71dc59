import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from './fail.mjs';
import { progress, run, which } from './proc.mjs';

// The current generic Debian kernel (not -cloud-: it lacks 9p), extracted and depmod'ed.
export function resolveKernelPackage() {
  if (!which('apt-cache')) fail('apt-cache not found: the lab needs a Debian machine (run test/lab/setup.sh)');
  const depends = run(['apt-cache', 'depends', 'linux-image-amd64']);
  const match = depends.match(/Depends:\s+(linux-image-[0-9][^\s]*-amd64)\b/);
  if (!match) fail(`cannot find the kernel package behind linux-image-amd64:\n${depends}`);
  const name = match[1];
  const show = run(['apt-cache', 'show', name]);
  const version = show.match(/^Version:\s*(\S+)/m)?.[1];
  if (!version) fail(`apt-cache show ${name} printed no Version`);
  return { name, version };
}

export function ensureKernel(cacheDir, pkg = resolveKernelPackage()) {
  const dir = join(cacheDir, `${pkg.name}_${pkg.version}`);
  const root = join(dir, 'root');
  if (!existsSync(join(dir, 'ready'))) {
    for (const tool of ['apt-get', 'dpkg', 'depmod']) {
      if (!which(tool)) fail(`${tool} not found: run test/lab/setup.sh`);
    }
    progress(`first use: fetching the kernel package ${pkg.name} ${pkg.version} into ${dir}`, () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      run(['apt-get', 'download', `${pkg.name}=${pkg.version}`], { cwd: dir });
      const deb = readdirSync(dir).find((f) => f.endsWith('.deb'));
      if (!deb) fail(`apt-get download ${pkg.name} left no .deb in ${dir}`);
      run(['dpkg', '-x', join(dir, deb), root]);
      rmSync(join(dir, deb));
      run(['depmod', '-b', root, kernelRelease(root)]);
      run(['touch', join(dir, 'ready')]);
    });
  }
  const release = kernelRelease(root);
  return {
    ...pkg,
    release,
    root,
    vmlinuz: join(root, 'boot', `vmlinuz-${release}`),
    modulesDir: join(root, 'lib', 'modules', release),
  };
}

function kernelRelease(root) {
  const releases = readdirSync(join(root, 'lib', 'modules'));
  if (releases.length !== 1) fail(`expected one kernel release under ${root}/lib/modules, found ${releases.join(', ')}`);
  return releases[0];
}
