import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/model/hosts.js';
import type { DesiredResource, ResourceInstance } from '../../src/model/resource.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import type { PlanInput } from '../../src/plan/observed.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { destAttrs, serviceAttrs } from './seed-cluster.js';

/** n services with 10 destinations each on one director; half the destinations exist, a tenth differ. */
function scaled(n: number): PlanInput {
  const hosts: HostSpec[] = [{ name: 'dr', role: 'director', connection: { type: 'local' }, exclusive: false }];
  const desired: DesiredResource[] = [];
  const resources: ResourceInstance[] = [];
  for (let s = 0; s < n; s++) {
    const vip = `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}`;
    const svc = `tcp:${vip}:80`;
    const attrs = serviceAttrs({ address: vip });
    desired.push({ host: 'dr', type: 'ipvs_service', id: svc, address: `virtual_server.s${s}`, attrs });
    resources.push({ host: 'dr', type: 'ipvs_service', id: svc, attrs });
    for (let d = 0; d < 10; d++) {
      const rip = `172.16.${d}.${(s % 250) + 1}`;
      const id = `${svc}->${rip}:80`;
      const dAttrs = destAttrs(rip, { service: svc });
      desired.push({ host: 'dr', type: 'ipvs_destination', id, address: `virtual_server.s${s}.backend["b${d}"]`, attrs: dAttrs });
      if (d % 2 === 0) resources.push({ host: 'dr', type: 'ipvs_destination', id, attrs: d === 0 ? { ...dAttrs, weight: 3 } : dAttrs });
    }
  }
  return {
    desired,
    hosts,
    observed: [{ host: 'dr', resources, stateRecord: null, fingerprint: 'x' }],
    drainTimeouts: {},
    mode: 'apply',
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

function timeAll(n: number): { ms: number; lines: number; changes: number } {
  const inp = scaled(n);
  let best = Infinity;
  let lines = 0;
  let changes = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const plan = computePlan(inp);
    const text = renderHumanPlan(renderJsonPlan(plan), { color: false });
    best = Math.min(best, performance.now() - t0);
    changes = plan.changes.length;
    lines = text.length;
  }
  return { ms: best, lines, changes };
}

describe('scale sanity (real figures belong in test/bench)', () => {
  it('plans and renders 10,000 services / 110,000 resources, growing about linearly', () => {
    const small = timeAll(2_500);
    const big = timeAll(10_000);
    console.log(`2,500 services: ${small.ms.toFixed(0)} ms; 10,000 services: ${big.ms.toFixed(0)} ms; ratio ${(big.ms / small.ms).toFixed(2)}`);
    expect(big.changes).toBe(110_000);
    expect(small.changes).toBe(27_500);
    // 4x the input: linear work is ~4x; quadratic work would be ~16x.
    expect(big.ms / small.ms).toBeLessThan(9);
  });
});
