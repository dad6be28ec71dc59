import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute-plan.js';
import { countChanges, hasChanges } from '../../src/plan/summary.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { appliedHosts, emptyHosts, input, VIP, withObserved } from './seed-cluster.js';

describe('countChanges / hasChanges', () => {
  it('agree with the human summary line', () => {
    const observed = withObserved(emptyHosts(), 'lvs01', (rs) => [
      ...rs,
      { host: 'lvs01', type: 'address', id: `lo/${VIP}`, attrs: { interface: 'lo', address: VIP, prefix_length: 24, family: 'inet' } },
    ]);
    const plan = computePlan(input(observed));
    const { add, change, destroy } = countChanges(plan.changes);
    expect({ add, change, destroy }).toEqual({ add: 6, change: 8, destroy: 1 });
    expect(renderHumanPlan(renderJsonPlan(plan), { color: false })).toContain(`Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`);
    expect(hasChanges(plan)).toBe(true);
    expect(hasChanges(computePlan(input(appliedHosts())))).toBe(false);
  });
});
