import { describe, expect, it } from 'vitest';
import { checkKey, type CheckResult } from '../../src/model/health.js';
import type { DesiredResource } from '../../src/model/resource.js';
import { planWithHealth } from '../../src/plan/plan-with-health.js';
import { newBackendRechecks, raisePlan } from '../../src/plan/raise-new-backends.js';
import { hasChanges } from '../../src/plan/summary.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { decodeOk, HOSTS } from '../config/helpers.js';

const config = (extra = '', backend1 = '') => decodeOk(`${HOSTS}
virtual_server "web" {
  director = "d"
  address  = "10.0.0.100"
  port     = 80
  health_check { type = "http" }
  ${extra}
  backend "r1" { ${backend1} }
  backend "r2" { weight = 3 }
}`);
const D1 = 'tcp:10.0.0.100:80->10.0.0.11:80';
const D2 = 'tcp:10.0.0.100:80->10.0.0.12:80';
const down = (ip: string): CheckResult => ({ healthy: false, latencyMs: 1.5, reason: `HTTP GET / on ${ip}:80: connection refused` });
const up = (ip: string): CheckResult => ({ healthy: true, latencyMs: 0.7, reason: `HTTP GET / on ${ip}:80: status 200` });

/** The hosts as if the configuration had been applied, optionally with some destination attributes changed. */
function applied(resources: DesiredResource[], edit: Record<string, Record<string, number>> = {}) {
  const hosts = [...new Set(resources.map((r) => r.host))];
  return hosts.map((host) => ({
    host,
    resources: resources.filter((r) => r.host === host).map((r) => ({ host, type: r.type, id: r.id, attrs: { ...r.attrs, ...(edit[r.id] ?? {}) } })),
    stateRecord: null,
    fingerprint: `fp-${host}`,
  }));
}

/** Each host's state record lists what it has, as after an apply by lvsplan. */
const recorded = (hosts: ReturnType<typeof applied>) =>
  hosts.map((h) => ({ ...h, stateRecord: { version: 1 as const, managed: h.resources.map((r) => ({ type: r.type, id: r.id, attrs: r.attrs })), originalSysctls: {} } }));

function plan(d: ReturnType<typeof config>, verdicts: [string, CheckResult][], edit: Record<string, Record<string, number>> = {}) {
  return planWithHealth(
    { desired: d.resources, hosts: d.hosts, observed: applied(d.resources, edit), drainTimeouts: {}, mode: 'apply', createdAt: '2026-01-01T00:00:00Z' },
    d.health,
    new Map(verdicts.map(([id, v]) => [checkKey({ host: 'd', destinationId: id }), v])),
  );
}
const changeOf = (p: ReturnType<typeof plan>, id: string) => p.plan.changes.find((c) => c.id === id)!;

describe('plan with health', () => {
  it('quiesces an unhealthy backend with the reason beside the weight, in JSON and text', () => {
    const p = plan(config(), [[D1, down('10.0.0.11')], [D2, up('10.0.0.12')]]);
    expect(changeOf(p, D1)).toMatchObject({ action: 'update', before: { weight: 1 }, after: { weight: 0 }, health: { status: 'unhealthy' } });
    expect(changeOf(p, D2).action).toBe('no-op');
    expect(hasChanges(p.plan)).toBe(true);
    const json = renderJsonPlan(p.plan);
    expect(json.resource_changes.find((c) => c.lvsplan.id === D1)!.lvsplan.health).toEqual({ status: 'unhealthy', latency_ms: 1.5, reason: 'HTTP GET / on 10.0.0.11:80: connection refused' });
    expect(renderHumanPlan(json, { color: false })).toContain('~ weight = 1 -> 0  # unhealthy: HTTP GET / on 10.0.0.11:80: connection refused');
  });

  it('restores a healthy backend to its configured weight', () => {
    const p = plan(config(), [[D1, up('10.0.0.11')], [D2, up('10.0.0.12')]], { [D2]: { weight: 0 } });
    expect(changeOf(p, D2)).toMatchObject({ action: 'update', before: { weight: 0 }, after: { weight: 3 } });
    expect(renderHumanPlan(renderJsonPlan(p.plan), { color: false })).toContain('~ weight = 0 -> 3  # healthy: HTTP GET / on 10.0.0.12:80: status 200');
  });

  it('every backend down without a sorry server: the pool is left as it is, with a warning', () => {
    const p = plan(config(), [[D1, down('10.0.0.11')], [D2, down('10.0.0.12')]], { [D2]: { weight: 0 } });
    expect(hasChanges(p.plan)).toBe(false);
    expect(p.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: 'Every backend of virtual_server.web is failing its health check' })]);
    expect(p.diagnostics[0]!.detail).toContain('virtual_server.web.backend["r1"]: HTTP GET / on 10.0.0.11:80: connection refused');
  });

  it('every backend down with a sorry server: backends quiesced, the sorry server added at weight 1; removed once one recovers', () => {
    const d = config('sorry_server { address = "10.0.0.99" }');
    const p = plan(d, [[D1, down('10.0.0.11')], [D2, down('10.0.0.12')]]);
    const sorry = p.plan.changes.find((c) => c.address === 'virtual_server.web.sorry_server')!;
    expect(sorry).toMatchObject({ action: 'create', after: { address: '10.0.0.99', weight: 1 } });
    expect([changeOf(p, D1).after!.weight, changeOf(p, D2).after!.weight]).toEqual([0, 0]);
    // One recovers: the sorry server (observed, recorded by the apply that made it) is planned for removal.
    const sorryId = 'tcp:10.0.0.100:80->10.0.0.99:80';
    const observed = applied([...d.resources, d.health.sorryServers[0]!.resource], { [D1]: { weight: 0 }, [D2]: { weight: 0 } });
    observed[0]!.stateRecord = { version: 1, managed: [{ type: 'ipvs_destination', id: sorryId, attrs: d.health.sorryServers[0]!.resource.attrs }], originalSysctls: {} } as never;
    const back = planWithHealth(
      { desired: d.resources, hosts: d.hosts, observed, drainTimeouts: {}, mode: 'apply' },
      d.health,
      new Map([[checkKey({ host: 'd', destinationId: D1 }), up('10.0.0.11')], [checkKey({ host: 'd', destinationId: D2 }), down('10.0.0.12')]]),
    );
    expect(back.plan.changes.find((c) => c.id === sorryId)).toMatchObject({ action: 'delete', address: 'virtual_server.web.sorry_server' });
    expect(back.plan.changes.find((c) => c.id === sorryId)!.drain).toBeUndefined();
    expect(back.plan.changes.find((c) => c.id === D1)!.after!.weight).toBe(1);
  });

  it('a new backend is created at weight 0 until its check passes', () => {
    const d = config();
    const p = planWithHealth(
      { desired: d.resources, hosts: d.hosts, observed: applied(d.resources.filter((r) => r.id !== D1)), drainTimeouts: {}, mode: 'apply' },
      d.health,
      new Map([[checkKey({ host: 'd', destinationId: D1 }), down('10.0.0.11')], [checkKey({ host: 'd', destinationId: D2 }), up('10.0.0.12')]]),
    );
    expect(changeOf(p, D1)).toMatchObject({ action: 'create', after: { weight: 0 } });
    expect(renderHumanPlan(renderJsonPlan(p.plan), { color: false })).toContain('+ weight          = 0  # unhealthy: HTTP GET / on 10.0.0.11:80: connection refused');
  });

  it('after the apply, a backend held at weight 0 is checked again and raised to its configured weight once it passes', () => {
    const d = config('', 'weight = 2');
    const p = planWithHealth(
      { desired: d.resources, hosts: d.hosts, observed: applied(d.resources.filter((r) => r.id !== D1)), drainTimeouts: {}, mode: 'apply' },
      d.health,
      new Map([[checkKey({ host: 'd', destinationId: D1 }), down('10.0.0.11')], [checkKey({ host: 'd', destinationId: D2 }), up('10.0.0.12')]]),
    ).plan;
    const rechecks = newBackendRechecks(p, d.resources, d.health.checks);
    expect(rechecks.map((r) => [r.change.id, r.weight])).toEqual([[D1, 2]]);
    expect(raisePlan(p, rechecks, new Map([[checkKey({ host: 'd', destinationId: D1 }), down('10.0.0.11')]])).changes).toEqual([]);
    const raise = raisePlan(p, rechecks, new Map([[checkKey({ host: 'd', destinationId: D1 }), up('10.0.0.11')]]));
    expect(raise.changes).toEqual([
      expect.objectContaining({ id: D1, action: 'update', before: expect.objectContaining({ weight: 0 }), after: expect.objectContaining({ weight: 2 }), health: expect.objectContaining({ status: 'healthy' }) }),
    ]);
    expect(raise.fingerprints).toEqual([]);
    // A backend whose check passed before the apply is created at its weight: nothing to re-check.
    const healthy = planWithHealth(
      { desired: d.resources, hosts: d.hosts, observed: applied(d.resources.filter((r) => r.id !== D1)), drainTimeouts: {}, mode: 'apply' },
      d.health,
      new Map([[checkKey({ host: 'd', destinationId: D1 }), up('10.0.0.11')], [checkKey({ host: 'd', destinationId: D2 }), up('10.0.0.12')]]),
    ).plan;
    expect(newBackendRechecks(healthy, d.resources, d.health.checks)).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('ignore_changes = [weight]: a weight changed by hand is not planned', () => {
    const d = config('lifecycle { ignore_changes = [weight] }');
    const p = plan(d, [], { [D1]: { weight: 7 } });
    expect(hasChanges(p.plan)).toBe(false);
    const p2 = plan(d, [], { [D1]: { weight: 7, upper_threshold: 5 } });
    expect(changeOf(p2, D1)).toMatchObject({ action: 'update', after: { weight: 7, upper_threshold: 0 } });
  });

  it('prevent_destroy refuses a plan that deletes the object', () => {
    const d = config('', '\n    lifecycle { prevent_destroy = true }\n  ');
    const p = planWithHealth(
      { desired: d.resources, hosts: d.hosts, observed: recorded(applied(d.resources)), drainTimeouts: {}, mode: 'destroy' },
      d.health,
      new Map(),
    );
    expect(p.diagnostics.map((x) => x.summary)).toEqual(['Instance cannot be destroyed']);
    expect(p.diagnostics[0]!.detail).toMatch(/^Resource virtual_server\.web\.backend\["r1"\] on host d has lifecycle.prevent_destroy set/);
    expect(p.diagnostics[0]!.subject?.start.line).toBeGreaterThan(0);
  });
});
