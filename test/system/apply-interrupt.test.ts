/**
 * Ctrl-C during `lvsplan apply`, on the production path: the built CLI, a real SIGINT, and two
 * fake directors (support/fake-directors.ts) whose `ipvsadm -R` blocks until the test lets it go;
 * the interrupt arrives while it runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fakeDirectorsDir } from './support/fake-directors.js';
import { parseStateRecord } from '../../providers/host-state-record.js';

const recordedEntries = (text: string): number => {
  const r = parseStateRecord(text);
  if (typeof r === 'string') throw new Error(`the state record written is not valid: ${r}`);
  return r.managed.length;
};

const CLI = resolve('dist/lvsplan.mjs');
let dir: string;

const HOSTS = ['d1', 'd2'];

beforeAll(() => {
  dir = fakeDirectorsDir('lvsplan-interrupt-', HOSTS, { blockRestore: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Processes still running anything of this test (the fake hosts' shells, lock holders, sleeps). */
function leftovers(): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(dir) && !l.includes('ps -eo'));
}

it('SIGINT while a batch runs: the batch finishes and is recorded, nothing new starts, locks released, no child left, summary, exit 1', async () => {
  const child = spawn(process.execPath, [CLI, 'apply', '-auto-approve', '-no-color', '-parallelism=1', join(dir, 'cfg')], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

  const started = HOSTS.map((h) => join(dir, `${h}.started`));
  for (let i = 0; i < 600 && !started.some(existsSync); i++) await new Promise((r) => setTimeout(r, 100));
  const first = HOSTS.find((h, i) => existsSync(started[i]!))!;
  const second = HOSTS.find((h) => h !== first)!;
  expect(first).toBeDefined();

  child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 1500));
  writeFileSync(join(dir, 'release'), '');
  const code = await exited;

  expect(stderr).toContain('Interrupt received.');
  expect(code).toBe(1);
  // The running batch finished and was recorded on its host; the other host's never started.
  expect(readFileSync(join(dir, `${first}.ipvs`), 'utf8')).toContain('-A -t 192.0.2.');
  expect(recordedEntries(readFileSync(join(dir, `${first}-varlib`, 'lvsplan', 'state.json'), 'utf8'))).toBeGreaterThan(0);
  expect(existsSync(join(dir, `${second}.started`))).toBe(false);
  expect(readFileSync(join(dir, 'argv.log'), 'utf8')).not.toContain(`${second} ipvsadm -R`);
  // What was and was not applied.
  const out = stdout + stderr;
  expect(out).toContain('Apply interrupted');
  expect(out).toMatch(/not started: the apply was interrupted/);
  expect(out).toMatch(/virtual_server\.web_d[12]/);
  // Every lock released (the lock files can be taken at once), and nothing of ours still runs.
  for (const h of HOSTS) {
    const lock = join(dir, `${h}-run`, 'lvsplan.lock');
    if (existsSync(lock)) expect(spawnSync('flock', ['-n', lock, 'true']).status, `lock of ${h}`).toBe(0);
    expect(spawnSync('sh', ['-c', `ls '${dir}/${h}-run' | grep -c '^lvsplan.lock.' || true`], { encoding: 'utf8' }).stdout.trim(), `token files of ${h}`).toBe('0');
  }
  expect(leftovers()).toEqual([]);
});
