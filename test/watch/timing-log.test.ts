import { describe, expect, it } from 'vitest';
import { type BackendCheck, type HealthCheckSpec } from '../../src/model/health.js';
import { describeArmedEdit, describeQuickEdit, describeRound } from '../../src/watch/timing-log.js';

const spec = { type: 'http', port: null, intervalMs: 1000, timeoutMs: 900, rise: 2, fall: 2, path: '/', host: null, expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director' } as HealthCheckSpec;
const check = (name: string): BackendCheck => ({ host: 'lvs-dr', serviceId: 'svc', destinationId: name, address: `backend["${name}"]`, target: '192.0.2.1', port: 80, spec });

describe("LVSPLAN_LOG's timing lines", () => {
  it('a check round by the director\'s clock: which, how late it started there, how long it took, when each check of it started and how it went', () => {
    const [a, b, c] = [check('a'), check('b'), check('c')];
    const results = new Map([
      [a, { healthy: true, latencyMs: 9.14, reason: 'status 200' }],
      [b, { healthy: false, latencyMs: 1.2, reason: 'HTTP GET / on 192.0.2.1:80: connection refused' }],
    ]);
    expect(describeRound([a, b, c], results, { seq: 7, scriptMs: 61.5, lateMs: 3, startedAfterMs: [12, null, 30] })).toBe(
      'check round 7, started 3 ms after due there, took 61.5 ms: 2 check(s): backend["a"] started +12 ms, passed in 9.1 ms; ' +
        'backend["b"], failed in 1.2 ms (HTTP GET / on 192.0.2.1:80: connection refused)',
    );
    expect(describeRound([a], results, null)).toBe('check round: 1 check(s): backend["a"], passed in 9.1 ms');
  });

  it("a quick edit: when it was sent, how long its answer took and the editor's phases with where it read the table", () => {
    expect(describeQuickEdit('applied', 120.26, 210, 'proc', { lockMs: 150, readMs: 2, restoreMs: 40 }, true)).toBe(
      'quick edit applied: sent 120.3 ms after the reconcile began, answered in 210 ms (lock 150 ms taken ahead, read 2 ms from /proc/net/ip_vs, restore 40 ms)',
    );
    expect(describeQuickEdit('moved', 1, 2, 'ipvsadm', { lockMs: 150, readMs: 2, restoreMs: 0 }, false)).toBe(
      'quick edit moved: sent 1 ms after the reconcile began, answered in 2 ms (lock 150 ms, read 2 ms from ipvsadm -Sn, restore 0 ms)',
    );
    expect(describeQuickEdit('failed', 1, 2, 'ipvsadm', undefined, false)).toBe('quick edit failed: sent 1 ms after the reconcile began, answered in 2 ms');
  });

  it('an armed edit: its read after the result, or as the round began and how long before the result', () => {
    const outcome = { index: 0, status: 'applied' as const, exitCode: 0, readMs: 12.3, restoreMs: 40, readAheadMs: 0, text: '' };
    expect(describeArmedEdit(outcome, 'proc')).toBe('armed edit applied by the check process at the failing result: read 12.3 ms from /proc/net/ip_vs, restore 40 ms');
    expect(describeArmedEdit({ ...outcome, readAheadMs: 31.5 }, 'proc')).toBe(
      'armed edit applied by the check process at the failing result: read 12.3 ms from /proc/net/ip_vs as the round began, 31.5 ms before the result, restore 40 ms',
    );
  });
});
