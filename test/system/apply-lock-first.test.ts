/**
 * `apply -auto-approve` locks every host before reading it, on the production path: the built CLI and two
 * fake directors (support/fake-directors.ts) whose `ipvsadm -Sn` logs whether the host's apply lock was
 * held when it ran.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeDirectorsDir } from './support/fake-directors.js';

const CLI = resolve('dist/lvsplan.mjs');
const HOSTS = ['d1', 'd2'];
let dir: string;

beforeEach(() => {
  dir = fakeDirectorsDir('lvsplan-lock-first-', HOSTS, { blockRestore: false });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function lvsplan(args: string[], input = ''): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '-no-color', join(dir, 'cfg')], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The argv log's lines of `host`, without the host name. */
function logOf(host: string): string[] {
  return readFileSync(join(dir, 'argv.log'), 'utf8').split('\n').filter((l) => l.startsWith(`${host} `)).map((l) => l.slice(host.length + 1));
}

it('apply -auto-approve reads each host once, under its apply lock, before changing it', () => {
  const r = lvsplan(['apply', '-auto-approve']);
  expect(r.status, r.out).toBe(0);
  for (const h of HOSTS) {
    const log = logOf(h);
    const batch = log.indexOf('ipvsadm -R');
    expect(batch, log.join('\n')).toBeGreaterThan(0);
    // One read before the change (the lock holder's, the plan's and the apply's), with the lock held; then the verification.
    expect(log.slice(0, batch).filter((l) => l === 'ipvsadm -Sn')).toHaveLength(1);
    expect(log.slice(0, batch).filter((l) => l.startsWith('lock '))).toEqual(['lock held']);
  }
  expect(r.out).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
  // Every lock let go.
  for (const h of HOSTS) expect(spawnSync('flock', ['-n', join(dir, `${h}-run`, 'lvsplan.lock'), 'true']).status).toBe(0);
});

it('apply that asks first reads without holding the hosts while the operator reads the plan', () => {
  const r = lvsplan(['apply'], 'no\n');
  expect(r.status, r.out).toBe(1);
  expect(r.out).toContain('Apply cancelled.');
  for (const h of HOSTS) expect(logOf(h).filter((l) => l.startsWith('lock '))).toEqual(['lock free']);
});

let holder: ChildProcess | undefined;
afterEach(() => {
  holder?.kill();
  holder = undefined;
});

it('apply -auto-approve with a host locked by another apply: fails after -lock-timeout, changes nothing and never reads that host', async () => {
  const lock = join(dir, 'd2-run', 'lvsplan.lock');
  writeFileSync(lock, 'pid 1 on elsewhere\n');
  holder = spawn('flock', [lock, 'sleep', '60'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && spawnSync('flock', ['-n', lock, 'true']).status === 0; i++) await new Promise((done) => setTimeout(done, 50));
  const r = lvsplan(['apply', '-auto-approve', '-lock-timeout=1s']);
  expect(r.status, r.out).toBe(1);
  expect(r.out).toContain('Error acquiring the apply lock on d2');
  expect(r.out).toContain('Nothing was changed on any host.');
  const log = readFileSync(join(dir, 'argv.log'), { encoding: 'utf8', flag: 'a+' });
  expect(log).not.toContain('ipvsadm -R');
  expect(log).not.toContain('d2 ipvsadm');
  // d1 (locked first, in name order, and read by its holder) was let go again.
  expect(spawnSync('flock', ['-n', join(dir, 'd1-run', 'lvsplan.lock'), 'true']).status).toBe(0);
});

it('apply -auto-approve -target with another apply holding a host the target does not touch: applies, and locks only the targeted host', async () => {
  const lock = join(dir, 'd2-run', 'lvsplan.lock');
  writeFileSync(lock, 'pid 1 on elsewhere\n');
  holder = spawn('flock', [lock, 'sleep', '60'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && spawnSync('flock', ['-n', lock, 'true']).status === 0; i++) await new Promise((done) => setTimeout(done, 50));
  const r = lvsplan(['apply', '-auto-approve', '-lock-timeout=1s', '-target=virtual_server.web_d1']);
  expect(r.status, r.out).toBe(0);
  expect(r.out).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
  expect(logOf('d1')).toContain('ipvsadm -R');
  expect(logOf('d1').filter((l) => l.startsWith('lock '))).toContain('lock held');
  expect(logOf('d2')).not.toContain('ipvsadm -R');
  expect(spawnSync('flock', ['-n', join(dir, 'd1-run', 'lvsplan.lock'), 'true']).status).toBe(0);
});
