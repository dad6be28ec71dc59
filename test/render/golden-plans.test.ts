import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute-plan.js';
import type { PlanInput } from '../../src/plan/observed.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { appliedHosts, desired, destAttrs, emptyHosts, hosts, input, serviceAttrs, SVC, withObserved } from '../plan/seed-cluster.js';

/** Golden plans: run with UPDATE_GOLDEN=1 to rewrite test/fixtures/plan/golden/. */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/plan/golden');
const update = process.env.UPDATE_GOLDEN === '1';

const DEST1 = `${SVC}->192.168.122.10:80`;

const scenarios: Record<string, () => PlanInput> = {
  'seed-from-empty': () => input(emptyHosts()),
  'in-sync': () => input(appliedHosts()),
  'drift-weight': () =>
    input(withObserved(appliedHosts(), 'lvs-dr', (rs) => rs.map((r) => (r.id === DEST1 ? { ...r, attrs: destAttrs('192.168.122.10', { weight: 5 }) } : r)))),
  'drift-scheduler': () =>
    input(withObserved(appliedHosts(), 'lvs-dr', (rs) => rs.map((r) => (r.id === SVC ? { ...r, attrs: serviceAttrs({ scheduler: 'wlc' }) } : r)))),
  'drift-arp-ignore': () =>
    input(
      withObserved(appliedHosts(), 'lvs02', (rs) =>
        rs.map((r) => (r.id === 'net.ipv4.conf.all.arp_ignore' ? { ...r, attrs: { name: r.id, value: '0' } } : r)),
      ),
    ),
  'drift-extra-destination': () =>
    input(
      withObserved(appliedHosts(), 'lvs-dr', (rs) => [
        ...rs,
        { host: 'lvs-dr', type: 'ipvs_destination', id: `${SVC}->192.168.122.30:80`, attrs: destAttrs('192.168.122.30') },
      ]),
    ),
  'removed-backend-and-unmanaged': () =>
    input(
      withObserved(appliedHosts(), 'lvs-dr', (rs) => [
        ...rs,
        { host: 'lvs-dr', type: 'ipvs_service', id: 'udp:10.0.0.9:53', attrs: serviceAttrs({ protocol: 'udp', address: '10.0.0.9', port: 53 }) },
        { host: 'lvs-dr', type: 'ipvs_destination', id: 'udp:10.0.0.9:53->10.0.0.21:53', attrs: destAttrs('10.0.0.21', { service: 'udp:10.0.0.9:53', port: 53, forwarding: 'nat' }) },
      ]),
      { desired: desired().filter((d) => d.id !== `${SVC}->192.168.122.20:80`) },
    ),
  destroy: () => input(appliedHosts(), { mode: 'destroy', hosts }),
};

function compare(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (update || !existsSync(path)) {
    writeFileSync(path, actual);
    if (!update) throw new Error(`golden ${file} was missing and has been written; review it and run again`);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden plans', () => {
  for (const [name, make] of Object.entries(scenarios)) {
    it(name, () => {
      const json = renderJsonPlan(computePlan(make()));
      compare(`${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
      compare(`${name}.txt`, renderHumanPlan(json, { color: false }));
    });
  }

  // plan (text) draws from the JSON plan without its no-op resources: the same text.
  for (const [name, make] of Object.entries(scenarios)) {
    it(`${name}: the same text without the no-op resources`, () => {
      const plan = computePlan(make());
      const lean = renderJsonPlan(plan, { noOps: false });
      expect(lean.resource_changes.every((c) => c.change.actions.join() !== 'no-op' || c.lvsplan.drift)).toBe(true);
      expect(renderHumanPlan(lean, { color: false })).toBe(renderHumanPlan(renderJsonPlan(plan), { color: false }));
    });
  }

  it('in-sync has only no-op resources, which the lean JSON plan leaves out', () => {
    const plan = computePlan(scenarios['in-sync']!());
    expect(renderJsonPlan(plan).resource_changes.length).toBeGreaterThan(5);
    expect(renderJsonPlan(plan, { noOps: false }).resource_changes).toEqual([]);
  });
});
