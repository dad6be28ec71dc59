import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScheduledChecks, type ScheduleEvents } from '../../src/apply/scheduled-checks.js';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';
import type { BackendCheck, CheckResult, HealthCheckSpec } from '../../src/model/health.js';
import type { HostSpec } from '../../src/model/hosts.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import type { RoundTiming } from '../../providers/health/parse-results.js';
import { countingRunner } from '../support/counting-runner.js';
import { closedLoopbackPort, loopbackHttp } from '../support/loopback.js';

// `lvsplan watch`'s check process runs for real (bash) against servers on loopback: sent its checks once, it runs
// their rounds on its own clock and streams the results back.
let server: { port: number; close: () => Promise<void> };
let port = 0;
let closedPort = 0;
beforeAll(async () => {
  server = await loopbackHttp((req, res) => {
    if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 600);
    else res.writeHead(200).end('ok');
  });
  port = server.port;
  closedPort = await closedLoopbackPort();
});
afterAll(() => server.close());

const spec = (s: Partial<HealthCheckSpec>): HealthCheckSpec => ({
  type: 'http', port: null, intervalMs: 300, timeoutMs: 250, rise: 2, fall: 2, path: '/', host: null,
  expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director', ...s,
});
const check = (name: string, p: number, s: Partial<HealthCheckSpec> = {}): BackendCheck => ({
  host: 'd', serviceId: 'svc', destinationId: name, address: `virtual_server.web.backend["${name}"]`, target: '127.0.0.1', port: p, spec: spec(s),
});
const HOST: HostSpec = { name: 'd', role: 'director', connection: { type: 'local' }, exclusive: false };
const local = new LocalRunner();
const BARE = { run: (argv: string[], o?: object) => local.run(['env', 'PATH=/nonexistent', '/bin/bash', ...argv.slice(1)], o), close: () => local.close() };

/** Every event of a schedule, with when it came here (ms since the start). */
function recorder() {
  const started = performance.now();
  const at = () => performance.now() - started;
  const r = {
    results: [] as { name: string; healthy: boolean; round: number; at: number }[],
    rounds: [] as { names: string[]; timing: RoundTiming | null; at: number }[],
    errors: [] as Diagnostic[],
    events: {
      onResult: (c: BackendCheck, res: CheckResult, round: number) => r.results.push({ name: c.destinationId, healthy: res.healthy, round, at: at() }),
      onEdited: () => undefined,
      onRound: (_h: string, _set: readonly BackendCheck[], results: ReadonlyMap<BackendCheck, CheckResult>, timing: RoundTiming | null) => r.rounds.push({ names: [...results.keys()].map((c) => c.destinationId), timing, at: at() }),
      onError: (d: Diagnostic) => r.errors.push(d),
    } satisfies ScheduleEvents,
    count: (name: string) => r.results.filter((x) => x.name === name).length,
  };
  return r;
}
const until = async (what: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; !what() && Date.now() < end; ) await new Promise((res) => setTimeout(res, 20));
  expect(what()).toBe(true);
};

describe('scheduled checks (lvsplan watch)', () => {
  const closing: ScheduledChecks[] = [];
  afterEach(async () => {
    for (const s of closing.splice(0)) await s.close();
  });
  const schedule = (events: ScheduleEvents) => {
    const s = new ScheduledChecks(events);
    closing.push(s);
    return s;
  };

  it('runs round after round on its own clock, each check every its interval, in one process, and ends at close', async () => {
    const rec = recorder();
    const runner = countingRunner();
    const s = schedule(rec.events);
    // TCP checks: the kernel accepts the connects even while this (loaded) process is slow to answer HTTP.
    const fast = [check('ok', port, { type: 'tcp' }), check('refused', closedPort, { type: 'tcp' })];
    s.start(HOST, runner, [...fast, check('every900', port, { type: 'tcp', intervalMs: 900 })]);
    await until(() => rec.rounds.length >= 10);
    // One start; the first round runs at once with every check; then ok and refused every 300 ms, every900 in every third round.
    expect(runner.starts).toBe(1);
    expect(rec.rounds[0]!.names.sort()).toEqual(['every900', 'ok', 'refused']);
    for (const r of rec.rounds.slice(0, 10)) expect(r.names.filter((n) => n !== 'every900').sort()).toEqual(['ok', 'refused']);
    // every900 in about every third round (a round that overran on a loaded machine moves its cadence on).
    const slow = rec.rounds.slice(0, 10).flatMap((r, i) => (r.names.includes('every900') ? [i] : []));
    expect(slow[0]).toBe(0);
    expect(slow.length, JSON.stringify(rec.rounds)).toBeGreaterThanOrEqual(2);
    expect(slow.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < slow.length; i++) expect(slow[i]! - slow[i - 1]!).toBeGreaterThanOrEqual(2);
    expect(rec.results.filter((x) => x.name === 'ok').every((x) => x.healthy)).toBe(true);
    expect(rec.results.filter((x) => x.name === 'refused').every((x) => !x.healthy)).toBe(true);
    // Rounds are numbered by the process; each result names its round.
    expect(rec.rounds.slice(0, 10).map((r) => r.timing!.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const r of rec.rounds.slice(0, 10)) expect(rec.results.filter((x) => x.round === r.timing!.seq).map((x) => x.name).sort()).toEqual([...r.names].sort());
    // By the director's clock the rounds started on time (on a loaded machine, most within 150 ms).
    const late = rec.rounds.slice(1, 10).map((r) => r.timing!.lateMs).sort((x, y) => x - y);
    expect(late[4], JSON.stringify(late)).toBeLessThan(150);
    expect(rec.errors).toEqual([]);
    // Each round's subshells were started ahead, each waiting for its due time: its checks start with the round, not a
    // fork after it (the first round's were forked when it began).
    const starts = rec.rounds.slice(1, 10).flatMap((r) => r.timing!.startedAfterMs.filter((x): x is number => x !== null).map(Math.abs)).sort((x, y) => x - y);
    expect(starts[Math.floor(starts.length / 2)], JSON.stringify(rec.rounds.map((r) => r.timing))).toBeLessThan(30);
    await s.close();
    expect(await runner.ended[0]).toMatchObject({ exitCode: 0 });
  });

  it('keeps its rounds while lvsplan is busy: the rounds of a second it did not look are all there when it looks again', async () => {
    const rec = recorder();
    const s = schedule(rec.events);
    // A refused connect: the check needs nothing of this (blocked) process.
    s.start(HOST, new LocalRunner(), [check('refused', closedPort, { type: 'tcp', intervalMs: 200, timeoutMs: 150 })]);
    await until(() => rec.rounds.length >= 2);
    const before = rec.rounds.length;
    // lvsplan's event loop blocked for 1.5 s (as planning ahead under emulation can): no timer of its own runs.
    const blocked = performance.now();
    while (performance.now() - blocked < 1500);
    await until(() => rec.rounds.length >= before + 6);
    // The rounds of the blocked time came in one burst after it (200 ms apart they would span 800 ms), each run on time there.
    const burst = rec.rounds.slice(before, before + 5);
    expect(burst.map((r) => Math.round(r.at - burst[0]!.at)).every((ms) => ms < 300), JSON.stringify(rec.rounds)).toBe(true);
    for (const r of burst) expect(r.timing!.lateMs).toBeLessThan(300);
    const starts = burst.map((r) => r.timing!.seq);
    expect(starts).toEqual(starts.map((_, i) => starts[0]! + i));
  });

  it('a slow check does not hold back the result of a failing one in its round', async () => {
    const rec = recorder();
    const s = schedule(rec.events);
    s.start(HOST, new LocalRunner(), [check('slow', port, { path: '/slow', intervalMs: 2000, timeoutMs: 1500 }), check('refused', closedPort, { intervalMs: 2000, timeoutMs: 1500 })]);
    await until(() => rec.rounds.length >= 1);
    const refused = rec.results.find((x) => x.name === 'refused')!;
    const slow = rec.results.find((x) => x.name === 'slow')!;
    expect(slow.healthy).toBe(true);
    expect(slow.at - refused.at).toBeGreaterThan(400);
  });

  it('a process that dies is a diagnostic and is started again; one that lacks a tool says so each round', async () => {
    const rec = recorder();
    const runner = countingRunner();
    const s = schedule(rec.events);
    s.start(HOST, runner, [check('ok', port)]);
    await until(() => rec.rounds.length >= 1);
    runner.kill();
    await until(() => runner.starts === 2 && rec.rounds.length >= 3);
    expect(rec.errors.map((d) => d.summary)).toEqual(['Cannot run health checks on director "d"']);
    expect(rec.rounds.at(-1)!.timing!.seq).toBeLessThan(rec.rounds.length);

    const bare = recorder();
    const b = schedule(bare.events);
    b.start(HOST, countingRunner(BARE), [check('x', port, { type: 'https', port: 443 })]);
    await until(() => bare.errors.length >= 2);
    expect(bare.errors.map((d) => d.detail)).toEqual(bare.errors.map(() => expect.stringMatching(/^Director "d" lacks curl, head, needed .*Install curl, coreutils there/)));
    expect(bare.results).toEqual([]);
  });
});
