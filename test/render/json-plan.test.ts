import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute-plan.js';
import { jsonPieces } from '../../src/render/json-pieces.js';
import { jsonPlanDocument, renderJsonPlan } from '../../src/render/json-plan.js';
import { nameOf } from '../../src/render/json-plan-terms.js';
import { appliedHosts, destAttrs, emptyHosts, input, SVC, VIP, withObserved } from '../plan/seed-cluster.js';

describe('renderJsonPlan', () => {
  it('is the document -json writes, whose resource changes are made as they are written', () => {
    const replaced = withObserved(appliedHosts(), 'lvs01', (rs) => rs.map((r) => (r.id === `lo/${VIP}` ? { ...r, attrs: { ...r.attrs, prefix_length: 24 } } : r)));
    const drifted = withObserved(appliedHosts(), 'lvs-dr', (rs) => rs.filter((r) => r.id !== `${SVC}->192.168.122.20:80`));
    for (const hosts of [emptyHosts(), appliedHosts(), replaced, drifted]) {
      const plan = computePlan(input(hosts));
      const written = [...jsonPieces(jsonPlanDocument(plan))].join('');
      expect(written).toBe(JSON.stringify(renderJsonPlan(plan)));
      expect(JSON.parse(written).resource_changes.length).toBeGreaterThan(5);
    }
  });

  it('has the show -json top level and lvsplan extras', () => {
    const json = renderJsonPlan(computePlan(input(emptyHosts())));
    expect(json).toMatchObject({ format_version: '1.0', applyable: true, complete: true, errored: false, resource_drift: [] });
    expect(json.lvsplan.mode).toBe('apply');
    expect(json.lvsplan.hosts).toEqual([
      { name: 'lvs-dr', role: 'director', fingerprint: 'fp-lvs-dr-empty' },
      { name: 'lvs01', role: 'realserver', fingerprint: 'fp-lvs01-empty' },
      { name: 'lvs02', role: 'realserver', fingerprint: 'fp-lvs02-empty' },
    ]);
    const addresses = json.resource_changes.map((r) => r.address);
    expect(addresses).toEqual([...addresses].sort());
    const svc = json.resource_changes.find((r) => r.address === 'virtual_server.web')!;
    expect(svc).toMatchObject({
      mode: 'managed',
      type: 'ipvs_service',
      name: 'web',
      provider_name: 'lvsplan/ipvs',
      change: { actions: ['create'], before: null },
      lvsplan: { host: 'lvs-dr', id: SVC, phase: 2, drift: false },
    });
    expect(svc).not.toHaveProperty('action_reason');
  });

  it('is not applyable when everything is a no-op', () => {
    const json = renderJsonPlan(computePlan(input(appliedHosts())));
    expect(json.applyable).toBe(false);
    expect(json.resource_changes.every((r) => r.change.actions[0] === 'no-op')).toBe(true);
  });

  it('writes a replacement as delete,create with replace_paths and its reason', () => {
    const observed = withObserved(appliedHosts(), 'lvs01', (rs) =>
      rs.map((r) => (r.id === `lo/${VIP}` ? { ...r, attrs: { ...r.attrs, prefix_length: 24 } } : r)),
    );
    const rc = renderJsonPlan(computePlan(input(observed))).resource_changes.find((r) => r.lvsplan.id === `lo/${VIP}` && r.lvsplan.host === 'lvs01')!;
    expect(rc.change.actions).toEqual(['delete', 'create']);
    expect(rc.change.replace_paths).toEqual([['prefix_length']]);
    expect(rc.action_reason).toBe('replace_because_cannot_update');
  });

  it('reports drift from the recorded to the observed attributes, deletions included', () => {
    const gone = `${SVC}->192.168.122.20:80`;
    const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) => rs.filter((r) => r.id !== gone));
    const json = renderJsonPlan(computePlan(input(observed)));
    expect(json.resource_drift).toEqual([
      {
        address: 'virtual_server.web.backend["lvs02"]',
        mode: 'managed',
        type: 'ipvs_destination',
        name: 'lvs02',
        provider_name: 'lvsplan/ipvs',
        change: { actions: ['delete'], before: destAttrs('192.168.122.20'), after: null },
        lvsplan: { host: 'lvs-dr', id: gone },
      },
    ]);
  });

  it('names resources by their last label', () => {
    expect(nameOf('virtual_server.web')).toBe('web');
    expect(nameOf('virtual_server.web.backend["lvs01"]')).toBe('lvs01');
    expect(nameOf('realserver.a.sysctl["net.ipv4.conf.all.arp_ignore"]')).toBe('net.ipv4.conf.all.arp_ignore');
    // A label with escapes is decoded as JSON; one JSON refuses is taken as it is written.
    expect(nameOf(`virtual_server.web.backend[${JSON.stringify('a"b\\c')}]`)).toBe('a"b\\c');
    expect(nameOf('virtual_server.web.backend["a\\q"]')).toBe('a\\q');
  });
});
