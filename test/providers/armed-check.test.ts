import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSES_FUNCTION, type CheckArm } from '../../providers/health/check-script.js';
import type { ArmedEditOutcome } from '../../providers/health/parse-results.js';
import { passes } from '../../providers/health/pass-rule.js';
import { providerBuilders } from '../../src/apply/provider-ports.js';
import { QuickEditor } from '../../src/apply/quick-edit.js';
import { ScheduledChecks } from '../../src/apply/scheduled-checks.js';
import type { BackendCheck, HealthCheckSpec } from '../../src/model/health.js';
import type { HostSpec } from '../../src/model/hosts.js';
import { RS, SVC } from '../apply/support/cluster.js';
import { fakeDirector } from '../apply/support/fake-director.js';
import { closedLoopbackPort, loopbackHttp } from '../support/loopback.js';

// The director's check process armed with an edit (lvsplan watch, a backend one failing result short of down), run by
// the real bash against servers on loopback, with the real editor holding the lock and a fake ipvsadm and /proc/net/ip_vs.
let server: { port: number; close: () => Promise<void> };
let port = 0;
let closedPort = 0;
beforeAll(async () => {
  server = await loopbackHttp((req, res) => {
    if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 1500);
    else res.writeHead(200).end('ok');
  });
  port = server.port;
  closedPort = await closedLoopbackPort();
});
afterAll(() => server.close());

const LINE02 = `-a -t ${SVC.slice(4)} -r ${RS.lvs02}:80 -g -w 1`;
const QUIESCE = { expected: LINE02, edit: `-e -t ${SVC.slice(4)} -r ${RS.lvs02}:80 -g -w 0 -x 0 -y 0` };
const spec = (s: Partial<HealthCheckSpec>): HealthCheckSpec => ({
  type: 'http', port: null, intervalMs: 10_000, timeoutMs: 5000, rise: 2, fall: 2, path: '/', host: null,
  expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director', ...s,
});
const check = (name: string, p: number, s: Partial<HealthCheckSpec> = {}): BackendCheck => ({
  host: 'd', serviceId: 'svc', destinationId: name, address: `virtual_server.web.backend["${name}"]`, target: '127.0.0.1', port: p, spec: spec(s),
});
const HOSTS: HostSpec[] = [{ name: 'd', role: 'director', connection: { type: 'local' }, exclusive: false }];
const HOLDER = 'lvsplan watch, pid 1 on ops';

describe('a check armed with an edit', () => {
  const dirs: string[] = [];
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closing.splice(0)) await c();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 20 });
  });
  /** A director whose editor holds the lock taken ahead (unless `locked` is false). */
  const setup = async (table: string[], locked = true) => {
    const h = fakeDirector(dirs, table);
    // The lock taken ahead is held 20 s (lvsplan's 5 s would run out before these tests' second rounds end).
    const editor = new QuickEditor(HOLDER, providerBuilders, h.lock, h.proc, 20);
    closing.push(() => editor.close());
    if (locked) {
      await editor.lockAhead('d', h.runner, 5000);
      for (let i = 0; i < 200 && h.lockText() !== `${HOLDER}\n`; i++) await new Promise((r) => setTimeout(r, 50));
      expect(h.lockText()).toBe(`${HOLDER}\n`);
      // The editor's own ipvsadm -R, started with it.
      for (let i = 0; i < 200 && h.calls().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(h.calls()).toEqual(['-R']);
    }
    const arm = (index: number, over: Partial<CheckArm> = {}): CheckArm => ({ index, after: 1, validMs: 5000, read: 'proc', pairs: [QUIESCE], lockPath: h.lock, holder: HOLDER, table: h.proc, ...over });
    /**
     * `checks` scheduled in a check process there; after their first round (`between`, then `armed` sent for the second),
     * each result and edit outcome of the first two rounds as given, in order, with when, and when the arm was over.
     */
    const rounds = async (checks: BackendCheck[], armed?: CheckArm, between: (s: ScheduledChecks) => Promise<void> = async () => undefined) => {
      const given: { what: string; round: number; at: number; edited?: ArmedEditOutcome }[] = [];
      const ends: number[] = [];
      const errors: unknown[] = [];
      const started = performance.now();
      const s = new ScheduledChecks({
        onResult: (c, res, round) => given.push({ what: `${c.destinationId}:${res.healthy}`, round, at: performance.now() - started }),
        onEdited: (c, edited) => given.push({ what: `edited ${c.destinationId}`, round: -1, at: performance.now() - started, edited }),
        onRound: () => ends.push(performance.now() - started),
        onError: (d) => errors.push(d),
      });
      closing.unshift(() => s.close());
      s.start(HOSTS[0]!, h.runner, checks);
      for (let i = 0; i < 400 && ends.length < 1; i++) await new Promise((r) => setTimeout(r, 25));
      await between(s);
      const over = armed ? s.arm('d', armed) : null;
      let overAt = -1;
      void over?.then(() => (overAt = performance.now() - started));
      for (let i = 0; i < 400 && ends.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      await over;
      expect(errors).toEqual([]);
      // A round that waited for a lock (unlocked) may be followed at once by the next, overdue.
      expect(ends.length).toBeGreaterThanOrEqual(2);
      return { first: given.filter((g) => g.at <= ends[0]!), second: given.filter((g) => g.at > ends[0]! && g.at <= ends[1]!), overAt, secondEnd: ends[1]! };
    };
    return { h, editor, arm, rounds };
  };

  it('fails: the edit is made at once under the editor\'s lock, before its result is given and while a slower check still runs', async () => {
    const { h, editor, arm, rounds } = await setup([LINE02]);
    const checks = [check('slow', port, { path: '/slow', intervalMs: 4500, timeoutMs: 4000 }), check('lvs02', closedPort, { intervalMs: 4500 })];
    const r = await rounds(checks, arm(1));
    // The first round ran unarmed; the arm is for lvs02's round after it.
    expect(r.first.map((g) => g.what)).toEqual(['lvs02:false', 'slow:true']);
    expect(r.second.map((g) => g.what)).toEqual(['edited lvs02', 'lvs02:false', 'slow:true']);
    expect(r.second.filter((g) => !g.edited).map((g) => g.round)).toEqual([2, 2]);
    // The armed check's line comes first, so its subshell is the first the script starts; it keeps its index.
    expect(r.second[0]!.edited).toMatchObject({ index: 1, status: 'applied', exitCode: 0 });
    // It compared with the table as read when the round began (the editor held the lock then), not read after the result.
    expect(r.second[0]!.edited!.readAheadMs).toBeGreaterThan(0);
    // Its ipvsadm -R saw the end of its lines when the script closed them, not when the slow check ended.
    expect(r.second[0]!.edited!.restoreMs).toBeLessThan(1000);
    expect(r.second[2]!.at - r.second[0]!.at).toBeGreaterThan(1000);
    // The arm is over at the edit (lvsplan may let go of the lock then), not when the slower check ends.
    expect(r.overAt).toBeGreaterThanOrEqual(r.second[0]!.at);
    expect(r.overAt).toBeLessThan(r.second[2]!.at);
    expect(h.table()).toContain(QUIESCE.expected.replace('-w 1', '-w 0'));
    expect(h.restored()).toBe(`${QUIESCE.edit}\n`);
    // The lock stays the editor's until lvsplan lets go of it.
    expect(h.lockText()).toBe(`${HOLDER}\n`);
    await editor.release('d', h.runner);
    for (let i = 0; i < 200 && h.lockText() !== ''; i++) await new Promise((r) => setTimeout(r, 50));
    expect(h.lockText()).toBe('');
  });

  it('passes: nothing is applied; a round without the arm makes no edit, whatever its results; a timeout is edited', async () => {
    const { h, arm, rounds } = await setup([LINE02]);
    const every = { intervalMs: 1500, timeoutMs: 1200 };
    expect((await rounds([check('lvs02', port, every)], arm(0))).second.map((g) => g.what)).toEqual(['lvs02:true']);
    expect((await rounds([check('lvs02', closedPort, every)])).second.map((g) => g.what)).toEqual(['lvs02:false']);
    expect(h.restored()).toBe('');
    // A timeout fails the check like a refused connect: armed, it is edited.
    expect((await rounds([check('lvs02', port, { path: '/slow', intervalMs: 1000, timeoutMs: 300 })], arm(0))).second.map((g) => g.what)).toEqual(['edited lvs02', 'lvs02:false']);
    expect(h.restored()).toBe(`${QUIESCE.edit}\n`);
  });

  it('starts the ipvsadm -R between rounds when asked, so the armed round starts none; the next one waits after the edit', async () => {
    const { h, arm, rounds } = await setup([LINE02]);
    const editors = h.calls().length;
    const r = await rounds([check('lvs02', closedPort, { intervalMs: 2000 })], arm(0), async (s) => {
      s.prestartEdit('d');
      for (let i = 0; i < 200 && h.calls().length === editors; i++) await new Promise((res) => setTimeout(res, 50));
      expect(h.calls()).toHaveLength(editors + 1);
    });
    expect(r.second[0]!.edited).toMatchObject({ status: 'applied', exitCode: 0 });
    for (let i = 0; i < 200 && h.calls().length < editors + 2; i++) await new Promise((res) => setTimeout(res, 50));
    await new Promise((res) => setTimeout(res, 200));
    expect(h.calls()).toEqual([...Array(editors + 2)].map(() => '-R'));
  });

  it('applies nothing when the lock is not the editor\'s, the arm is stale or the line moved', async () => {
    const every = { intervalMs: 1000 };
    const free = await setup([LINE02], false);
    expect((await free.rounds([check('lvs02', closedPort, every)], free.arm(0))).second[0]!.edited).toMatchObject({ status: 'unlocked' });
    expect((await free.rounds([check('lvs02', closedPort, every)], free.arm(0, { holder: 'another watch' }))).second[0]!.edited).toMatchObject({ status: 'unlocked' });
    const held = await setup([LINE02]);
    expect((await held.rounds([check('lvs02', closedPort, every)], held.arm(0, { validMs: 0 }))).second[0]!.edited).toMatchObject({ status: 'late' });
    const moved = await setup([LINE02.replace('-w 1', '-w 5')]);
    expect((await moved.rounds([check('lvs02', closedPort, every)], moved.arm(0))).second[0]!.edited).toMatchObject({ status: 'moved', text: '0' });
    for (const d of [free, held, moved]) expect(d.h.restored()).toBe('');
  });

  it('reads the table again when the result comes long after the round began: a line moved meanwhile is not edited', async () => {
    const { h, arm, rounds } = await setup([LINE02]);
    // In the armed round (the second), the check moves lvs02's line (as another writer would, weight 1 -> 5) 400 ms
    // after it began, then fails.
    const moveThenFail = `if [ -e "$FAKE_IPVS/ran" ]; then sleep 0.4; sed -i 's/ -w 1$/ -w 5/' "$FAKE_IPVS/table"; ipvsadm proc; else : > "$FAKE_IPVS/ran"; fi; exit 1`;
    const r = await rounds([check('lvs02', 0, { type: 'command', command: ['sh', '-c', moveThenFail], intervalMs: 2000, timeoutMs: 1500 })], arm(0));
    expect(r.second[0]!.edited).toMatchObject({ status: 'moved', text: '0', readAheadMs: 0 });
    expect(h.restored()).toBe('');
    expect(h.table()).toContain(LINE02.replace('-w 1', '-w 5'));
  });

  it('waits for an editor still taking the lock when the result fails, and applies once it holds it', async () => {
    const { h, arm, rounds } = await setup([LINE02], false);
    let lockedAt = 0;
    const r = await rounds([check('lvs02', closedPort, { intervalMs: 1000 })], arm(0), async () => {
      // The editor's holder appears in the lock file a moment after the armed round's result failed (its flock slow
      // under load): written here, as the editor writes it once it holds the lock.
      setTimeout(() => {
        writeFileSync(h.lock, `${HOLDER}\n`);
        lockedAt = performance.now();
      }, 1300);
    });
    expect(r.second[0]!.edited).toMatchObject({ status: 'applied', exitCode: 0 });
    expect(lockedAt).toBeGreaterThan(0);
    expect(h.restored()).toBe(`${QUIESCE.edit}\n`);
    // The next edit's ipvsadm -R, started after this one, has started (before the directory is removed).
    for (let i = 0; i < 200 && h.calls().length < 2; i++) await new Promise((res) => setTimeout(res, 50));
    expect(h.calls()).toEqual(['-R', '-R']);
  });

  it('an arm that comes after the round it was for began is dropped at once: nothing applied, the arm over before the next round', async () => {
    const { h, arm, rounds } = await setup([LINE02]);
    // Sent after round 1 for the round after round 0 (round 1 itself): lvsplan was late.
    const r = await rounds([check('lvs02', closedPort, { intervalMs: 1500 })], arm(0, { after: 0 }));
    expect(r.second.map((g) => g.what)).toEqual(['lvs02:false']);
    expect(r.overAt).toBeGreaterThan(0);
    expect(r.overAt).toBeLessThan(r.second[0]!.at);
    expect(h.restored()).toBe('');
  });
});

describe('what passes a check: one rule, in TypeScript and in the check script\'s bash', () => {
  it('gives the same answer for every combination of rule, exit status, body match and answer', () => {
    const rules = ['-', '200-299', '200-200,301-302', '404-404'];
    const rcs = [0, 1, 7, 28, 124];
    const oks = [null, true, false];
    const outs = ['HTTP/1.0 200 OK\r', 'HTTP/1.1 302 Found', 'HTTP/2 404 ', 'HTTP/1.0 20', 'HTTP/1.0 2000', 'garbage HTTP/1.0 200', '', 'HTTP/1.1 500 x', 'HTTP/1.1 301'];
    const cases = rules.flatMap((rule) => rcs.flatMap((rc) => oks.flatMap((ok) => outs.map((out) => ({ rule, rc, ok, out })))));
    const input = cases.map((c) => `${c.rule}\t${c.rc}\t${c.ok === null ? '-' : c.ok ? 1 : 0}\t${c.out}\n`).join('');
    const bash = execFileSync('bash', ['-c', `${PASSES_FUNCTION}\nwhile IFS=$'\\t' read -r rule rc ok out; do passes "$rule" "$rc" "$ok" "$out" && echo 1 || echo 0; done`], { input, encoding: 'utf8' });
    expect(bash.trim().split('\n').map((x) => x === '1')).toEqual(cases.map((c) => passes(c.rule, c.rc, c.ok, c.out)));
    expect(cases.filter((c) => passes(c.rule, c.rc, c.ok, c.out)).length).toBeGreaterThan(10);
  });
});
