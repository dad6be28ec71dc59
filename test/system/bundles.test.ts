import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The built CLI loads the command line (dist/lvsplan.mjs) and only the bundle of the command it runs
 * (dist/lazy/, scripts/bundle.mjs): each process's files listed by a module load hook.
 */
const DIST = resolve('dist');
const CLI = join(DIST, 'lvsplan.mjs');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvsplan-bundles-'));
  writeFileSync(
    join(dir, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) appendFileSync(process.env.LVSPLAN_TEST_LOADED, `${url}\\n`);\n  return next(url, context);\n}\n",
  );
  writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister(new URL('./hooks.mjs', import.meta.url));\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loaded(args: string[], input?: string): { status: number | null; files: string[] } {
  const list = join(dir, `loaded-${args[0]}`);
  writeFileSync(list, '');
  const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, LVSPLAN_TEST_LOADED: list } });
  const files = readFileSync(list, 'utf8').split('\n').filter(Boolean).map((url) => relative(DIST, fileURLToPath(url)));
  return { status: r.status, files };
}

describe('the built CLI', () => {
  it('runs version from the command line alone', () => {
    expect(loaded(['version'])).toEqual({ status: 0, files: ['lvsplan.mjs'] });
  });

  it('loads the work of the command it runs, and no other', () => {
    expect(loaded(['validate', 'examples/lvs-dr'])).toEqual({ status: 0, files: ['lvsplan.mjs', 'lazy/cli/commands/validate.mjs'] });
    expect(loaded(['fmt', '-'], 'a = 1\n')).toEqual({ status: 0, files: ['lvsplan.mjs', 'lazy/cli/commands/fmt.mjs'] });
  });

  it('loads the diagnostics renderer for a usage error', () => {
    expect(loaded(['nonsense'])).toEqual({ status: 1, files: ['lvsplan.mjs', 'lazy/cli/print-diagnostics.mjs'] });
  });

  it('holds no command work nor the HCL parser in the command line', () => {
    const bin = readFileSync(CLI, 'utf8');
    expect(bin).toMatch(/^\/\/ src\/cli\/register\/plan\.ts$/m); // esbuild's marker of a module's code
    expect(bin).not.toMatch(/^\/\/ src\/cli\/commands\//m);
    expect(bin).not.toMatch(/^\/\/ src\/hcl\/parse\.ts$/m);
  });
});
