import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireHostLock } from '../../src/apply/host-lock.js';
import { tokenPath } from '../../src/apply/lock-script.js';
import { SshRunner } from '../../src/transport/ssh-runner.js';
import { sshdUnavailable, startSshd, type TestSshd } from '../transport/support/sshd.js';

// The apply lock as production takes it: the holder runs over a real ssh connection (through a
// ControlMaster), renewals are lines on the channel, release is the end of the channel's stdin.
const unavailable = sshdUnavailable();

describe('the apply lock over real ssh', () => {
  let sshd: TestSshd;
  let runner: SshRunner;
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-lock-ssh-'));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    if (unavailable) throw new Error(`cannot run the lock-over-ssh test: ${unavailable}`);
    sshd = await startSshd();
    runner = new SshRunner({ type: 'ssh', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identity, timeout: 5 }, { sshConfigFile: sshd.clientConfig, controlPersistSeconds: 30 });
  });
  afterAll(async () => {
    await runner?.close();
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is kept past its lease by renewals on the channel, released at once, and then free for the next apply', async () => {
    const lockPath = join(dir, 'lvsplan.lock');
    const lost: string[] = [];
    const a = await acquireHostLock({ runner, token: 'aaaa', holder: 'A', timeoutMs: 0, lockPath, leaseSeconds: 2, onLost: (why) => lost.push(why) });
    expect(a.ok).toBe(true);
    await sleep(5000);
    expect(existsSync(tokenPath('aaaa', lockPath))).toBe(true);
    const b = await acquireHostLock({ runner, token: 'bbbb', holder: 'B', timeoutMs: 0, lockPath });
    expect(b.ok).toBe(false);

    const started = Date.now();
    if (a.ok) await a.lock.release();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lost).toEqual([]);
    expect(existsSync(tokenPath('aaaa', lockPath))).toBe(false);
    expect(readFileSync(lockPath, 'utf8')).toBe('');
    const c = await acquireHostLock({ runner, token: 'cccc', holder: 'C', timeoutMs: 0, lockPath });
    expect(c.ok).toBe(true);
    if (c.ok) await c.lock.release();
  }, 60_000);
});
