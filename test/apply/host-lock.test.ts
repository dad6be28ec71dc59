import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireHostLock } from '../../src/apply/host-lock.js';
import { lockHolderArgv, tokenPath } from '../../src/apply/lock-script.js';
import { PassThrough } from 'node:stream';
import { LocalRunner } from '../../src/transport/local-runner.js';

/** The lock script run by a real sh with the real flock(1), on a private lock file. */
describe('host lock (real sh and flock)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const lockIn = () => {
    const d = mkdtempSync(join(tmpdir(), 'lvsplan-lock-'));
    dirs.push(d);
    return join(d, 'lvsplan.lock');
  };
  const take = (lockPath: string, token: string, holder: string, timeoutMs: number, more: { leaseSeconds?: number; onLost?: (why: string) => void } = {}) =>
    acquireHostLock({ runner: new LocalRunner(), token, holder, timeoutMs, lockPath, ...more });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('holds the lock across commands, names the holder to a waiter that times out, and frees it on release', async () => {
    const lockPath = lockIn();
    const a = await take(lockPath, 'aaaa', 'pid 11 on box-a, started 2024-01-01T00:00:00Z', 5000);
    expect(a.ok).toBe(true);
    expect(readFileSync(lockPath, 'utf8')).toBe('pid 11 on box-a, started 2024-01-01T00:00:00Z\n');

    const started = Date.now();
    const b = await take(lockPath, 'bbbb', 'pid 22 on box-b', 1000);
    expect(b.ok).toBe(false);
    if (!b.ok) {
      expect(b.busy).toBe(true);
      expect(b.error).toContain('pid 11 on box-a, started 2024-01-01T00:00:00Z');
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    if (a.ok) await a.lock.release();
    expect(readFileSync(lockPath, 'utf8')).toBe('');
    const c = await take(lockPath, 'cccc', 'pid 33 on box-c', 1000);
    expect(c.ok).toBe(true);
    if (c.ok) await c.lock.release();
  });

  it('lets a waiter in as soon as the holder releases', async () => {
    const lockPath = lockIn();
    const a = await take(lockPath, 'aaaa', 'A', 5000);
    const waiting = take(lockPath, 'bbbb', 'B', 10_000);
    await new Promise((r) => setTimeout(r, 300));
    if (a.ok) await a.lock.release();
    const b = await waiting;
    expect(b.ok).toBe(true);
    expect(readFileSync(lockPath, 'utf8')).toBe('B\n');
    if (b.ok) await b.lock.release();
  });

  it('reports a host that cannot run the lock as not busy', async () => {
    const r = await take('/nonexistent-dir/for/lvsplan.lock', 'dddd', 'D', 1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.busy).toBe(false);
  });

  it('frees the lock of an apply that stopped renewing it once the lease runs out', async () => {
    const lockPath = lockIn();
    // A holder nobody renews: what an apply that lost its link to the host leaves behind.
    const orphan = new LocalRunner().run(lockHolderArgv('oooo', 'pid 44 on a lost laptop', 5, lockPath, 1), { input: new PassThrough() });
    while (!existsSync(tokenPath('oooo', lockPath))) await sleep(20);

    const started = Date.now();
    const b = await take(lockPath, 'bbbb', 'B', 10_000);
    expect(b.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await orphan).exitCode).toBe(0);
    if (b.ok) await b.lock.release();
  });

  it('keeps a renewed lock past its lease', async () => {
    const lockPath = lockIn();
    const a = await take(lockPath, 'aaaa', 'A', 5000, { leaseSeconds: 1 });
    expect(a.ok).toBe(true);
    await sleep(3000);
    const b = await take(lockPath, 'bbbb', 'B', 500);
    expect(b.ok).toBe(false);
    if (a.ok) await a.lock.release();
  });

  it('tells the apply when its lease is gone', async () => {
    const lockPath = lockIn();
    const lost: string[] = [];
    const a = await take(lockPath, 'aaaa', 'A', 5000, { leaseSeconds: 1, onLost: (why) => lost.push(why) });
    rmSync(tokenPath('aaaa', lockPath));
    await sleep(1500);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/lease ran out/);
    if (a.ok) await a.lock.release();
  });
});
