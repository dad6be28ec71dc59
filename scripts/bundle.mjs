// The CLI as esbuild bundles (`npm run build` runs this after tsc). dist/lvsplan.mjs, the package's bin, holds the
// command line: main.ts, every command's options and help. Every module the code imports with `import()` (a command's
// work, src/cli/commands/X.ts; what only a failure prints) is a bundle of its own, dist/lazy/<its path under src>.mjs,
// holding everything it uses: a process loads and compiles the command line and its command's work, never the code of
// the commands it does not run. What two bundles both use is in each (small pure helpers); only data crosses.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');
const LAZY = 'dist/lazy';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // commander is CommonJS and requires Node's modules; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __lvsplanRequire } from 'node:module'; const require = __lvsplanRequire(import.meta.url);" },
};

/** src/cli/commands/plan.ts -> dist/lazy/cli/commands/plan.mjs */
const lazyOut = (source) => join(LAZY, relative(SRC, source)).replace(/\.ts$/, '.mjs');

const pending = new Map(); // source -> its bundle's path, each built once
const builds = [];

function bundle(source, outfile) {
  const plugin = {
    name: 'lvsplan-lazy-bundles',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        if (!target.startsWith(`${SRC}/`)) throw new Error(`${args.importer}: import(${args.path}) is outside src/`);
        const out = lazyOut(target);
        if (!pending.has(target)) {
          pending.set(target, out);
          bundle(target, out);
        }
        const path = relative(dirname(outfile), out);
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
  builds.push(build({ ...common, entryPoints: [source], outfile, plugins: [plugin] }));
}

rmSync(LAZY, { recursive: true, force: true });
bundle('src/cli/main.ts', 'dist/lvsplan.mjs');
// A build starts more as it resolves their imports: wait until a round starts none.
for (let started = 0; started < builds.length; ) {
  started = builds.length;
  await Promise.all(builds);
}
