import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCheckRun, PASSES_FUNCTION, type CheckArm } from '../../providers/health/check-script.js';
import type { ArmedEditOutcome } from '../../providers/health/parse-results.js';
import { passes } from '../../providers/health/pass-rule.js';
import { runChecks } from '../../src/apply/health-checks.js';
import { providerBuilders } from '../../src/apply/provider-ports.js';
import { QuickEditor } from '../../src/apply/quick-edit.js';
import { WarmChecks } from '../../src/apply/warm-checks.js';
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
    if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 3000);
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
  /** A director whose editor holds the lock taken ahead (unless `locked` is false), and a warm check process there. */
  const setup = async (table: string[], locked = true) => {
    const h = fakeDirector(dirs, table);
    const editor = new QuickEditor(HOLDER, providerBuilders, h.lock, h.proc);
    const warm = new WarmChecks();
    closing.push(() => warm.close(), () => editor.close());
    if (locked) {
      await editor.lockAhead('d', h.runner, 5000);
      for (let i = 0; i < 200 && h.lockText() !== `${HOLDER}\n`; i++) await new Promise((r) => setTimeout(r, 50));
      expect(h.lockText()).toBe(`${HOLDER}\n`);
      // The editor's own ipvsadm -R, started with it.
      for (let i = 0; i < 200 && h.calls().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(h.calls()).toEqual(['-R']);
    }
    const arm = (index: number, over: Partial<CheckArm> = {}): CheckArm => ({ index, validMs: 5000, read: 'proc', pairs: [QUIESCE], lockPath: h.lock, holder: HOLDER, table: h.proc, ...over });
    /** One round, each result and edit outcome as given, in order, with when. */
    const round = async (checks: BackendCheck[], armed?: CheckArm) => {
      const given: { what: string; at: number; edited?: ArmedEditOutcome }[] = [];
      const started = performance.now();
      const r = await runChecks(checks, HOSTS, new Map([['d', h.runner]]), 1, warm.run, (c, res) => given.push({ what: `${c.destinationId}:${res.healthy}`, at: performance.now() - started }), {
        arm: () => armed,
        onEdited: (c, edited) => given.push({ what: `edited ${c.destinationId}`, at: performance.now() - started, edited }),
      });
      expect(r.diagnostics).toEqual([]);
      return given;
    };
    return { h, editor, warm, arm, round };
  };

  it('fails: the edit is made at once under the editor\'s lock, before its result is given and while a slower check still runs', async () => {
    const { h, editor, arm, round } = await setup([LINE02]);
    const checks = [check('slow', port, { path: '/slow', timeoutMs: 8000 }), check('lvs02', closedPort)];
    const given = await round(checks, arm(1));
    expect(given.map((g) => g.what)).toEqual(['edited lvs02', 'lvs02:false', 'slow:true']);
    // The armed check's line comes first, so its subshell is the first the script starts; it keeps its index.
    expect(buildCheckRun(checks, arm(1)).stdin.split('\n')[0]).toMatch(/^1 http /);
    expect(given[0]!.edited).toMatchObject({ index: 1, status: 'applied', exitCode: 0 });
    // Its ipvsadm -R, started when the round began, saw the end of its lines when the script closed them, not when the slow check ended.
    expect(given[0]!.edited!.restoreMs).toBeLessThan(2000);
    expect(given[2]!.at - given[0]!.at).toBeGreaterThan(1000);
    expect(h.table()).toContain(QUIESCE.expected.replace('-w 1', '-w 0'));
    expect(h.restored()).toBe(`${QUIESCE.edit}\n`);
    // The lock stays the editor's until lvsplan lets go of it.
    expect(h.lockText()).toBe(`${HOLDER}\n`);
    await editor.release('d', h.runner);
    for (let i = 0; i < 200 && h.lockText() !== ''; i++) await new Promise((r) => setTimeout(r, 50));
    expect(h.lockText()).toBe('');
  });

  it('passes: nothing is applied; a round without the arm makes no edit, whatever its results', async () => {
    const { h, arm, round } = await setup([LINE02]);
    expect((await round([check('lvs02', port)], arm(0))).map((g) => g.what)).toEqual(['lvs02:true']);
    expect((await round([check('lvs02', closedPort)])).map((g) => g.what)).toEqual(['lvs02:false']);
    // A timeout fails the check like a refused connect: armed, it is edited.
    expect((await round([check('lvs02', port, { path: '/slow', timeoutMs: 300 })], arm(0))).map((g) => g.what)).toEqual(['edited lvs02', 'lvs02:false']);
    expect(h.restored()).toBe(`${QUIESCE.edit}\n`);
  });

  it('starts the ipvsadm -R between rounds when asked, so the armed round starts none; the next one waits after the edit', async () => {
    const { h, warm, arm, round } = await setup([LINE02]);
    await round([check('lvs02', port)]);
    const editors = h.calls().length;
    await warm.prestartEdit('d', h.runner);
    for (let i = 0; i < 200 && h.calls().length === editors; i++) await new Promise((r) => setTimeout(r, 50));
    expect(h.calls()).toHaveLength(editors + 1);
    expect((await round([check('lvs02', closedPort)], arm(0)))[0]!.edited).toMatchObject({ status: 'applied', exitCode: 0 });
    for (let i = 0; i < 200 && h.calls().length < editors + 2; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(h.calls()).toEqual([...Array(editors + 2)].map(() => '-R'));
  });

  it('applies nothing when the lock is not the editor\'s, the arm is stale or the line moved', async () => {
    const free = await setup([LINE02], false);
    expect((await free.round([check('lvs02', closedPort)], free.arm(0)))[0]!.edited).toMatchObject({ status: 'unlocked' });
    expect((await free.round([check('lvs02', closedPort)], free.arm(0, { holder: 'another watch' })))[0]!.edited).toMatchObject({ status: 'unlocked' });
    const held = await setup([LINE02]);
    expect((await held.round([check('lvs02', closedPort)], held.arm(0, { validMs: 0 })))[0]!.edited).toMatchObject({ status: 'late' });
    const moved = await setup([LINE02.replace('-w 1', '-w 5')]);
    expect((await moved.round([check('lvs02', closedPort)], moved.arm(0)))[0]!.edited).toMatchObject({ status: 'moved', text: '0' });
    for (const d of [free, held, moved]) expect(d.h.restored()).toBe('');
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
