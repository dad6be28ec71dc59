import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireHostLock } from '../../src/apply/host-lock.js';
import { lockHolderArgv, tokenPath } from '../../src/apply/lock-script.js';
import { PassThrough } from 'node:stream';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { buildHostReadScript } from '../../providers/host-read.js';

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

  it('removes the token file and stdin copy of a holder that was killed, once it holds the lock, and only then', async () => {
    const lockPath = lockIn();
    // What a holder killed by SIGKILL leaves: its token file and the copy of a large stdin it was reading.
    writeFileSync(tokenPath('dead', lockPath), '');
    writeFileSync(`${tokenPath('dead', lockPath)}.stdin`, 'x'.repeat(1 << 16));
    const a = await take(lockPath, 'aaaa', 'A', 5000);
    expect(a.ok).toBe(true);
    expect(readdirSync(join(lockPath, '..')).sort()).toEqual(['lvsplan.lock', 'lvsplan.lock.aaaa']);

    const left = `${tokenPath('gone', lockPath)}.stdin`;
    writeFileSync(left, 'y');
    const b = await take(lockPath, 'bbbb', 'B', 500);
    expect(b.ok).toBe(false);
    expect(existsSync(left)).toBe(true);
    expect(existsSync(tokenPath('aaaa', lockPath))).toBe(true);
    if (a.ok) await a.lock.release();
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

  /**
   * A PATH whose `timeout` logs each start to `log` (then runs the real one): `withBash` keeps the
   * machine's PATH behind it, otherwise only the tools a bash-less host has (sh, flock, cat, rm).
   */
  const pathWithLoggedTimeout = (withBash: boolean) => {
    const d = mkdtempSync(join(tmpdir(), 'lvsplan-lock-bin-'));
    dirs.push(d);
    const bin = join(d, 'bin');
    mkdirSync(bin);
    const log = join(d, 'timeout.log');
    writeFileSync(join(bin, 'timeout'), `#!/bin/sh\necho started >> ${log}\nexec /usr/bin/timeout "$@"\n`);
    chmodSync(join(bin, 'timeout'), 0o755);
    if (!withBash) for (const tool of ['sh', 'flock', 'cat', 'rm']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const starts = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);
    return { runner: new ExecRunner(['env', `PATH=${withBash ? `${bin}:${process.env.PATH}` : bin}`]), starts };
  };

  it('renews the lock without starting a process where bash is, and through timeout(1) where it is not', async () => {
    for (const withBash of [true, false]) {
      const lockPath = lockIn();
      const path = pathWithLoggedTimeout(withBash);
      const a = await acquireHostLock({ runner: path.runner, token: 'aaaa', holder: 'A', timeoutMs: 5000, lockPath, leaseSeconds: 1 });
      expect(a.ok, `bash ${withBash}`).toBe(true);
      // Six renewals (one a third of the lease) and more than two leases: a holder that missed them would have let go.
      await sleep(2200);
      expect((await take(lockPath, 'bbbb', 'B', 0)).ok, `bash ${withBash}`).toBe(false);
      if (withBash) expect(path.starts()).toBe(0);
      else expect(path.starts()).toBeGreaterThanOrEqual(4);
      if (a.ok) await a.lock.release();
      expect(readFileSync(lockPath, 'utf8'), `bash ${withBash}`).toBe('');
      expect(existsSync(tokenPath('aaaa', lockPath)), `bash ${withBash}`).toBe(false);
    }
  });

  it('writes the state record when asked, privately and atomically, reading the directory\'s mode only when no write under the lock did', async () => {
    const lockPath = lockIn();
    const stateDir = `${lockPath}-lib`;
    const statePath = join(stateDir, 'state.json');
    const d = mkdtempSync(join(tmpdir(), 'lvsplan-lock-bin-'));
    dirs.push(d);
    mkdirSync(join(d, 'bin'));
    writeFileSync(join(d, 'bin', 'stat'), `#!/bin/sh\necho started >> ${join(d, 'stat.log')}\nexec /usr/bin/stat "$@"\n`, { mode: 0o755 });
    const stats = () => (existsSync(join(d, 'stat.log')) ? readFileSync(join(d, 'stat.log'), 'utf8').split('\n').filter(Boolean).length : 0);
    const runner = new ExecRunner(['env', `PATH=${join(d, 'bin')}:${process.env.PATH}`]);
    const a = await acquireHostLock({ runner, token: 'aaaa', holder: 'A', timeoutMs: 1000, lockPath, stateDir, statePath, leaseSeconds: 1 });
    if (!a.ok) throw new Error(a.error);
    const write = (text: string, checked: boolean) => a.lock.requests!.writeState(text, checked);
    const first = '{\n  "version": 1,\n  "originalSysctls": {"x": "0"}\n}\n';
    expect(await write(first, false)).toBeNull();
    expect(readFileSync(statePath, 'utf8')).toBe(first);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    expect(readdirSync(stateDir)).toEqual(['state.json']);
    expect(stats()).toBe(1);
    // Past the lease: the holder answered and went on renewing.
    await sleep(1500);
    const second = '{"version": 1, "managed": [], "text": "a line \\n and a quote \\" and a tab\\t"}\n';
    expect(await write(second, true)).toBeNull();
    expect(readFileSync(statePath, 'utf8')).toBe(second);
    expect(stats()).toBe(1);
    expect((await take(lockPath, 'bbbb', 'B', 0)).ok).toBe(false);

    // A directory others can write is refused unless a write under this lock found it private; a symlink always.
    chmodSync(stateDir, 0o777);
    expect(await write(first, false)).toMatch(new RegExp(`^writing ${statePath}: exit 72: ${stateDir} must be owned by uid 0 with mode 700, but has uid and mode 0 777`));
    expect(readFileSync(statePath, 'utf8')).toBe(second);
    chmodSync(stateDir, 0o700);
    rmSync(stateDir, { recursive: true });
    mkdirSync(`${stateDir}.elsewhere`, { mode: 0o700 });
    symlinkSync(`${stateDir}.elsewhere`, stateDir);
    expect(await write(first, true)).toMatch(/exit 72: .* is not a directory \(a symlink\?\)$/);
    expect(readdirSync(`${stateDir}.elsewhere`)).toEqual([]);

    await a.lock.release();
    expect(await write(first, true)).toMatch(/the apply lock was already released$/);
    expect(readFileSync(lockPath, 'utf8')).toBe('');
  });

  it('leaves the state record and the steps to commands of their own where the holder has no bash', async () => {
    const lockPath = lockIn();
    const a = await acquireHostLock({ runner: pathWithLoggedTimeout(false).runner, token: 'aaaa', holder: 'A', timeoutMs: 5000, lockPath });
    expect(a.ok && a.lock.requests).toBeNull();
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

  it('runs the host read under the lock and hands back its output, errors and status as if run alone', async () => {
    const lockPath = lockIn();
    // Output that looks like the holder's own lines, and no newline at its end.
    const read = ['sh', '-c', 'printf "locked\\n@@lvsplan-lock:end 0\\nlast"; echo oops >&2; exit 3'];
    const a = await acquireHostLock({ runner: new LocalRunner(), token: 'aaaa', holder: 'A', timeoutMs: 1000, lockPath, read });
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.read).toMatchObject({ argv: read, exitCode: 3, stdout: 'locked\n@@lvsplan-lock:end 0\nlast', stderr: 'oops\n' });
    expect(a.holdReleased).toBe(false);
    // The read ran while the lock was held: a contender still waits for it.
    expect((await take(lockPath, 'bbbb', 'B', 0)).ok).toBe(false);
    await a.lock.release();
    const empty = await acquireHostLock({ runner: new LocalRunner(), token: 'cccc', holder: 'C', timeoutMs: 1000, lockPath, read: ['true'] });
    expect(empty.ok && empty.read).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    if (empty.ok) await empty.lock.release();
  });

  it('reads the host exactly as the host read run alone does', async () => {
    const argv = buildHostReadScript({ role: 'realserver', sysctlNames: ['net.ipv4.ip_forward'], stateRecordPath: `${lockIn()}.state` });
    if (!argv.ok) throw new Error(argv.error);
    const alone = await new LocalRunner().run(argv.value);
    const a = await acquireHostLock({ runner: new LocalRunner(), token: 'aaaa', holder: 'A', timeoutMs: 1000, lockPath: lockIn(), read: argv.value });
    expect(a.ok && a.read).toMatchObject({ exitCode: alone.exitCode, stdout: alone.stdout, stderr: alone.stderr });
    expect(alone.stdout).toContain('@@lvsplan:done');
    if (a.ok) await a.lock.release();
  });

  it.runIf(process.getuid?.() === 0)('puts back a raised ICMP rate limit read from /proc/sys itself (a fresh network namespace)', async () => {
    // A /proc/sys number file reads as empty past offset 0, so a byte-at-a-time read (dash's) sees only "8".
    const file = '/proc/sys/net/ipv4/icmp_ratelimit';
    const runner = new ExecRunner(['unshare', '-n', 'sh', '-c', `echo 86400000 > ${file} && exec "$@"`, 'raised']);
    const a = await acquireHostLock({ runner, token: 'aaaa', holder: 'A', timeoutMs: 5000, lockPath: lockIn(), hold: { path: file, held: '86400000', unheld: '1000' } });
    expect(a.ok && a.holdReleased).toBe(true);
    if (a.ok) await a.lock.release();
  });

  it('puts back a raised value it finds once it holds the lock, and only that value', async () => {
    const lockPath = lockIn();
    const file = `${lockPath}-ratelimit`;
    const hold = { path: file, held: '86400000', unheld: '1000' };
    for (const [before, after, released] of [['86400000', '1000', true], ['250', '250', false]] as const) {
      writeFileSync(file, `${before}\n`);
      const a = await acquireHostLock({ runner: new LocalRunner(), token: 'aaaa', holder: 'A', timeoutMs: 1000, lockPath, hold });
      expect(a.ok && a.holdReleased).toBe(released);
      expect(readFileSync(file, 'utf8')).toBe(`${after}\n`);
      if (a.ok) await a.lock.release();
    }
  });
});
