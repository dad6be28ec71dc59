import { describe, expect, it } from 'vitest';
import { locksAhead, ShortOfTurning } from '../../src/watch/ahead.js';
import { observe, oneShort, verdictKey, verdictsIf, verdictsOf, type CheckState } from '../../src/watch/hysteresis.js';
import { emptyMetrics, renderMetrics } from '../../src/watch/metrics.js';
import { parseListen } from '../../src/watch/listen-address.js';
import { formatEvent } from '../../src/watch/watch-log.js';
import { splitPlan } from '../../src/watch/split-plan.js';
import type { Plan, ResourceChange } from '../../src/plan/types.js';

const ok = { healthy: true, latencyMs: 1, reason: 'status 200' };
const bad = { healthy: false, latencyMs: 2, reason: 'connection refused' };

describe('rise/fall hysteresis', () => {
  it('the first result decides; then fall failures take it down and rise passes bring it back', () => {
    let s: CheckState | undefined;
    const seq = [ok, bad, ok, bad, bad, ok, ok, ok].map((r) => {
      const o = observe(s, r, 3, 2);
      s = o.state;
      return `${o.state.healthy ? 'U' : 'D'}${o.transition ? `:${o.transition}` : ''}`;
    });
    expect(seq).toEqual(['U:up', 'U', 'U', 'U', 'D:down', 'D', 'D', 'U:up']);
    expect(verdictsOf(new Map([['k', s!]])).get('k')).toEqual({ healthy: true, latencyMs: 1, reason: 'status 200' });
  });
  it('a first failure marks it down at once (nothing new is sent to an unknown server)', () => {
    expect(observe(undefined, bad, 2, 5)).toMatchObject({ transition: 'down', state: { healthy: false } });
  });
});

describe('one result short of a transition (what the watch prepares ahead)', () => {
  const run = (results: (typeof ok)[], rise: number, fall: number): CheckState => {
    let s: CheckState | undefined;
    for (const r of results) s = observe(s, r, rise, fall).state;
    return s!;
  };
  it('a healthy backend fall-1 failures in, or a down one rise-1 passes in; not before, not after, not with fall or rise 1', () => {
    expect([[ok], [ok, bad], [ok, bad, bad], [ok, bad, ok]].map((r) => oneShort(run(r, 2, 3), 2, 3))).toEqual([false, false, true, false]);
    expect(oneShort(run([ok, bad], 2, 2), 2, 2)).toBe(true);
    expect(oneShort(run([ok, bad], 2, 1), 2, 1)).toBe(false);
    expect([[bad], [bad, ok], [bad, ok, bad], [bad, ok, ok]].map((r) => oneShort(run(r, 2, 2), 2, 2))).toEqual([false, true, false, false]);
    expect(oneShort(run([bad, ok], 1, 2), 1, 2)).toBe(false);
  });
  it('the verdicts if those backends turn are the ones the next result makes, and key alike when only latencies differ', () => {
    const states = new Map([['a', run([ok, bad], 2, 2)], ['b', run([ok], 2, 2)], ['c', run([bad, ok], 2, 2)]]);
    const ahead = verdictsIf(states, ['a', 'c']);
    expect([...ahead].map(([k, v]) => `${k}:${v.healthy}:${v.reason}`)).toEqual(['a:false:connection refused', 'b:true:status 200', 'c:true:status 200']);
    const next = new Map(states);
    next.set('a', observe(states.get('a'), { ...bad, latencyMs: 9 }, 2, 2).state);
    next.set('c', observe(states.get('c'), { ...ok, latencyMs: 7 }, 2, 2).state);
    expect(verdictKey(verdictsOf(next))).toBe(verdictKey(ahead));
    next.set('a', observe(states.get('a'), { healthy: false, latencyMs: 900, reason: 'timed out after 900ms' }, 2, 2).state);
    expect(verdictKey(verdictsOf(next))).not.toBe(verdictKey(ahead));
    expect(verdictKey(verdictsOf(states))).not.toBe(verdictKey(ahead));
  });
});

describe('work done ahead of a verdict', () => {
  const spec = { rise: 2, fall: 2 };
  // Each result of (host, key) through the hysteresis and the step it gives.
  const feed = (steps: [string, string, typeof ok][]) => {
    const states = new Map<string, CheckState>();
    const short = new ShortOfTurning();
    return steps.map(([host, key, r]) => {
      const o = observe(states.get(key), r, spec.rise, spec.fall);
      states.set(key, o.state);
      return short.step(host, key, o.state, spec, o.transition);
    });
  };
  it('prepares at the first failure of fall 2, turns at the second; a pass in between drops it', () => {
    expect(feed([['d', 'a', ok], ['d', 'a', bad], ['d', 'a', bad], ['d', 'a', bad], ['d', 'a', ok], ['d', 'a', ok]])).toEqual(['turned', 'prepare', 'turned', null, 'prepare', 'turned']);
    expect(feed([['d', 'a', ok], ['d', 'a', bad], ['d', 'a', ok], ['d', 'a', ok]])).toEqual(['turned', 'prepare', 'drop', null]);
  });
  it("drops a director's lock only when none of its backends is short any more; another director's are its own", () => {
    expect(feed([['d', 'a', ok], ['d', 'b', ok], ['e', 'c', ok], ['d', 'a', bad], ['d', 'b', bad], ['e', 'c', bad], ['d', 'a', ok], ['d', 'b', ok]])).toEqual(['turned', 'turned', 'turned', 'prepare', 'prepare', 'prepare', null, 'drop']);
  });
  it('lists the backends short and the directors that have one, and none after a clear', () => {
    const short = new ShortOfTurning();
    const s1 = observe(observe(undefined, ok, 2, 2).state, bad, 2, 2).state;
    short.step('d', 'a', s1, spec, null);
    short.step('e', 'c', s1, spec, null);
    expect(short.keys()).toEqual(['a', 'c']);
    expect([short.has('a'), short.has('b')]).toEqual([true, false]);
    short.step('e', 'c', observe(s1, ok, 2, 2).state, spec, null);
    expect(short.hosts()).toEqual(new Set(['d']));
    short.clear();
    expect(short.keys()).toEqual([]);
  });
  it("takes the lock ahead only when the next result is in within the editor's hold", () => {
    expect(locksAhead({ intervalMs: 1000, timeoutMs: 900 }, 5000)).toBe(true);
    expect(locksAhead({ intervalMs: 3000, timeoutMs: 2500 }, 5000)).toBe(false);
  });
});

describe('metrics', () => {
  it('renders Prometheus text with escaped labels, counters ending in _total, seconds as the unit', () => {
    const m = emptyMetrics();
    m.backends.set('k', { director: 'lvs-dr', service: 'tcp:10.0.0.1:80', backend: 'virtual_server.web.backend["lvs01"]', up: 0, weight: 0, checkSeconds: 0.0021 });
    m.reconciles = 3;
    const text = renderMetrics(m);
    expect(text).toContain('# TYPE lvsplan_backend_up gauge\nlvsplan_backend_up{director="lvs-dr",service="tcp:10.0.0.1:80",backend="virtual_server.web.backend[\\"lvs01\\"]"} 0\n');
    expect(text).toContain('lvsplan_backend_weight{director="lvs-dr",service="tcp:10.0.0.1:80",backend="virtual_server.web.backend[\\"lvs01\\"]"} 0\n');
    expect(text).toContain('lvsplan_health_check_duration_seconds{');
    expect(text).toContain('# TYPE lvsplan_reconciles_total counter\nlvsplan_reconciles_total 3\n');
    expect(text).toContain('lvsplan_drift_objects 0\n');
  });
  it('parses listen addresses', () => {
    expect(parseListen('127.0.0.1:9310')).toEqual({ host: '127.0.0.1', port: 9310 });
    expect(parseListen(':9310')).toEqual({ host: '0.0.0.0', port: 9310 });
    expect(parseListen('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseListen('9310')).toBeNull();
    expect(parseListen('host; rm:1')).toBeNull();
  });
});

describe('watch log lines', () => {
  const e = { type: 'backend_down' as const, level: 'warn' as const, message: 'b on d is unhealthy: x', backend: 'b' };
  it('JSON lines carry Terraform -json UI keys', () => {
    expect(JSON.parse(formatEvent(e, true, new Date('2026-01-01T00:00:00Z')))).toEqual({
      '@level': 'warn', '@message': 'b on d is unhealthy: x', '@module': 'lvsplan.watch', '@timestamp': '2026-01-01T00:00:00.000Z', type: 'backend_down', backend: 'b',
    });
  });
  it('human lines are one per event with a timestamp', () => {
    expect(formatEvent(e, false, new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z WARN  b on d is unhealthy: x\n');
  });
});

describe('the plan watch applies', () => {
  const change = (host: string, address: string, extra: Partial<ResourceChange>): ResourceChange => ({
    address, host, type: 'ipvs_destination', id: address, action: 'update', before: { weight: 1 }, after: { weight: 0 }, replacePaths: [], drift: false, phase: 0, ...extra,
  });
  const plan = {
    formatVersion: '1.0', mode: 'apply', hosts: [], unmanaged: [], createdAt: '',
    changes: [
      change('d', 'virtual_server.web.backend["r1"]', { health: { status: 'unhealthy', latencyMs: 1, reason: 'connection refused' } }),
      change('r2', 'realserver.r2.address', { type: 'address', drift: true }),
      change('d', 'virtual_server.web.backend["r2"]', { action: 'no-op' }),
    ],
    fingerprints: ['d', 'r1', 'r2'].map((host) => ({ host, fingerprint: host })),
  } as Plan;
  it('holds only health changes and re-reads only the hosts they touch; --repair-drift takes everything', () => {
    const health = splitPlan(plan, false);
    expect(health.apply.changes.map((c) => c.address)).toEqual(['virtual_server.web.backend["r1"]']);
    expect(health.apply.fingerprints.map((f) => f.host)).toEqual(['d']);
    expect(health.drift.map((c) => c.address)).toEqual(['realserver.r2.address']);
    const all = splitPlan(plan, true);
    expect(all.apply.changes).toHaveLength(2);
    expect(all.apply.fingerprints.map((f) => f.host)).toEqual(['d', 'r1', 'r2']);
  });
});
