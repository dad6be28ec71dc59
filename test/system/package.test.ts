import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as users get it: `npm pack` (its prepare script builds when dist/ is stale), then
 * `npm install -g` of the tarball into a fresh prefix, and the installed `lvsplan` run from elsewhere.
 * Dependencies come from npm's cache (--prefer-offline), which `npm ci` filled.
 */
let dir: string;
let bin: string;

function run(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? dir, input: opts.input, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  return r;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvsplan-pack-'));
  const pack = run('npm', ['pack', '--pack-destination', dir], { cwd: process.cwd() });
  expect(pack.status, pack.stderr).toBe(0);
  const tgz = readdirSync(dir).find((n) => /^lvsplan-.*\.tgz$/.test(n));
  expect(tgz).toBeDefined();
  const install = run('npm', ['install', '-g', '--prefix', join(dir, 'prefix'), '--prefer-offline', '--no-audit', '--no-fund', join(dir, tgz!)]);
  expect(install.status, install.stderr).toBe(0);
  bin = join(dir, 'prefix', 'bin', 'lvsplan');
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack + npm install -g', () => {
  it('installs an lvsplan command whose version works', () => {
    const r = run(bin, ['version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^lvsplan v\d+\.\d+\.\d+\non linux_/);
  });

  it('the installed command formats standard input', () => {
    const r = run(bin, ['fmt', '-'], { input: 'a=1\nlonger="x"\n' });
    expect(r.stdout).toBe('a      = 1\nlonger = "x"\n');
  });
});
