import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute-plan.js';
import { decodePlanFile, encodePlanFile } from '../../src/plan/plan-file.js';
import { checkStale } from '../../src/plan/stale.js';
import { emptyHosts, input } from './seed-cluster.js';

const plan = computePlan(input(emptyHosts()));

describe('plan files', () => {
  it('round-trips a plan', () => {
    const { plan: back, diagnostics } = decodePlanFile(encodePlanFile(plan));
    expect(diagnostics).toEqual([]);
    expect(back).toEqual(plan);
  });

  it('accepts a newer minor version and rejects an unknown major', () => {
    const env = JSON.parse(encodePlanFile(plan));
    expect(decodePlanFile(JSON.stringify({ ...env, version: '1.7' })).diagnostics).toEqual([]);
    const { plan: p, diagnostics } = decodePlanFile(JSON.stringify({ ...env, version: '2.0' }));
    expect(p).toBeNull();
    expect(diagnostics[0]).toMatchObject({ severity: 'error', summary: 'Unsupported plan file version' });
    expect(diagnostics[0]!.detail).toContain('"2.0"');
  });

  it('rejects text that is not a plan file', () => {
    expect(decodePlanFile('not json').diagnostics[0]!.summary).toBe('Invalid plan file');
    expect(decodePlanFile('{"format":"terraform"}').diagnostics[0]!.summary).toBe('Invalid plan file');
    const env = JSON.parse(encodePlanFile(plan));
    env.plan.changes[0].phase = 'first';
    expect(decodePlanFile(JSON.stringify(env)).diagnostics[0]!.detail).toContain('resource change');
  });
});

describe('checkStale', () => {
  it('accepts unchanged fingerprints', () => {
    expect(checkStale(plan, plan.fingerprints)).toBeNull();
  });

  it("uses Terraform's wording and names the hosts that changed or were not read", () => {
    const fresh = plan.fingerprints
      .filter((f) => f.host !== 'lvs02')
      .map((f) => (f.host === 'lvs01' ? { ...f, fingerprint: 'other' } : f));
    const d = checkStale(plan, fresh);
    expect(d).toMatchObject({ severity: 'error', summary: 'Saved plan is stale' });
    expect(d!.detail).toContain(
      'The given plan file can no longer be applied because the state was changed by another operation after the plan was created.',
    );
    expect(d!.detail).toContain('Changed since the plan was made: lvs01.');
    expect(d!.detail).toContain('Not read for comparison: lvs02.');
    expect(d!.detail).not.toMatch(/lvs-dr/);
  });
});

describe('a saved plan\'s known-hosts binding', () => {
  const withBinding = (knownHosts: unknown) => {
    const env = JSON.parse(encodePlanFile(plan));
    env.plan.knownHosts = knownHosts;
    return decodePlanFile(JSON.stringify(env));
  };

  it('round-trips, and must name an absolute lvsplan.hosts.json (apply writes that file)', () => {
    expect(withBinding({ file: '/etc/lvs/lvsplan.hosts.json', configured: ['a'], targeted: false }).diagnostics).toEqual([]);
    for (const file of ['/etc/passwd', 'lvsplan.hosts.json', '/x/lvsplan.hosts.json\n']) {
      expect(withBinding({ file, configured: [], targeted: false }).diagnostics[0]!.detail).toContain('"knownHosts.file"');
    }
    expect(withBinding({ file: '/x/lvsplan.hosts.json', configured: [1], targeted: false }).diagnostics[0]!.detail).toContain('"knownHosts" is incomplete');
  });
});
