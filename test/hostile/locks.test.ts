import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import { acquireHostLock } from '../../src/apply/host-lock.js';
import { tokenPath } from '../../src/apply/lock-script.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { Cluster, desired, RS, SVC } from '../apply/support/cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-locks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const lockPath = () => join(dir, `lock-${(n += 1)}`);

/** A host whose every command takes `seconds` to start (a slow login shell), as an exec prefix around a real sh. */
const slowHost = (seconds: number) => new ExecRunner(['sh', '-c', `sleep ${seconds}; exec "$@"`, 'slow-login']);

describe('locks on slow hosts (real sh and flock)', () => {
  it('takes and keeps the lock on a host whose commands take longer to start than the lease, with one process', async () => {
    const path = lockPath();
    const lease = 2;
    // 11 s to start: longer than the old fixed 10 s start-up margin, and than the lease.
    const a = await acquireHostLock({ runner: slowHost(11), token: 'aaaa', holder: 'A', timeoutMs: 0, lockPath: path, leaseSeconds: lease });
    expect(a.ok).toBe(true);
    // Three leases later the lock is still ours: renewals went over the holder's stdin, not as new slow commands.
    await sleep(3 * lease * 1000);
    expect(existsSync(tokenPath('aaaa', path))).toBe(true);
    const b = await acquireHostLock({ runner: new LocalRunner(), token: 'bbbb', holder: 'B', timeoutMs: 0, lockPath: path });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error).toContain('held by another apply (A)');
    if (a.ok) await a.lock.release();
    expect(existsSync(tokenPath('aaaa', path))).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('');
  }, 60_000);

  it('names the real cause when the holder cannot start', async () => {
    const r = await acquireHostLock({ runner: new ExecRunner(['sh', '-c', 'echo "ssh: connect to host lb1 port 22: Connection refused" >&2; exit 255', 'x']), token: 'cccc', holder: 'C', timeoutMs: 0, lockPath: lockPath() });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.busy).toBe(false);
      expect(r.error).toContain('Connection refused');
      expect(r.error).not.toMatch(/another|timed out waiting/);
    }
  });

  it('kills a holder that does not end after release within about two leases', async () => {
    // A host whose lock holder ignores the end of its stdin and never lets go.
    const stuck = new ExecRunner(['sh', '-c', 'echo locked; trap "" TERM; while :; do sleep 0.2; done', 'stuck']);
    const lease = 1;
    const a = await acquireHostLock({ runner: stuck, token: 'dddd', holder: 'D', timeoutMs: 0, lockPath: lockPath(), leaseSeconds: lease });
    expect(a.ok).toBe(true);
    const started = Date.now();
    if (a.ok) await a.lock.release();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2 * lease * 1000 - 100);
    expect(took).toBeLessThan(2 * lease * 1000 + 10_000);
  }, 30_000);
});

describe('a host unreachable when the locks are taken', () => {
  it('fails alone: the others apply their independent changes and nothing blames another apply or a stale plan', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs02').unreachable = true;
    const result = await executePlan(plan, c.deps({ savedPlan: true }));
    const said = result.diagnostics.map((d) => `${d.summary}\n${d.detail ?? ''}`).join('\n');
    expect(said).not.toMatch(/stale|another lvsplan apply/i);
    expect(new Set(result.failed.map((o) => o.change.host))).toEqual(new Set(['lvs02']));
    expect(result.failed[0]!.message).toMatch(/Connection refused/);
    expect(c.host('lvs-dr').resources().filter((r) => r.type === 'ipvs_destination').map((r) => r.id)).toEqual([`${SVC}->${RS.lvs01}:80`]);
    for (const h of c.hosts.values()) expect(h.lockOwner, h.name).toBeNull();
  });
});
