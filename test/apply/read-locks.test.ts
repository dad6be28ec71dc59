import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireHostLock } from '../../src/apply/host-lock.js';
import { takeReadLocks } from '../../src/apply/read-locks.js';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';
import { LocalRunner } from '../../src/transport/local-runner.js';

/** plan -lock-timeout's locks: the real lock script under a real sh and flock, on a private lock file. */
describe('read locks for plan -lock-timeout', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const lockIn = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'lvsplan-readlock-'));
    dirs.push(d);
    return join(d, 'lvsplan.lock');
  };
  const runners = new Map([['lb1', new LocalRunner()]]);

  it('fails after the timeout naming the apply that holds the host, and reads nothing', async () => {
    const lockPath = lockIn();
    const apply = await acquireHostLock({ runner: new LocalRunner(), token: 'aaaa', holder: 'pid 7 on ops-box', timeoutMs: 1000, lockPath });
    expect(apply.ok).toBe(true);
    const diags: Diagnostic[] = [];
    expect(await takeReadLocks(runners, 1000, 10, diags, lockPath)).toBeNull();
    expect(diags.map((d) => d.summary)).toEqual(['Error acquiring the apply lock on lb1']);
    expect(diags[0]!.detail).toContain('pid 7 on ops-box');
    expect(diags[0]!.detail).toContain('-lock=false');
    if (apply.ok) await apply.lock.release();
  });

  it('waits while an apply holds the host, then holds the lock until released', async () => {
    const lockPath = lockIn();
    const apply = await acquireHostLock({ runner: new LocalRunner(), token: 'aaaa', holder: 'the apply', timeoutMs: 1000, lockPath });
    const diags: Diagnostic[] = [];
    const waiting = takeReadLocks(runners, 20_000, 10, diags, lockPath);
    await new Promise((r) => setTimeout(r, 500));
    if (apply.ok) await apply.lock.release();
    const locks = await waiting;
    expect(diags).toEqual([]);
    expect(readFileSync(lockPath, 'utf8')).toMatch(/^lvsplan plan, pid \d+ on /);
    await locks!.release();
    expect(readFileSync(lockPath, 'utf8')).toBe('');
  });
});
