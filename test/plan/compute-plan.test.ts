import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute-plan.js';
import { DEFAULT_DRAIN_TIMEOUT_SECONDS } from '../../src/plan/observed.js';
import type { Plan, ResourceChange } from '../../src/plan/types.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { appliedHosts, desired, destAttrs, emptyHosts, hosts, input, serviceAttrs, SVC, VIP, withObserved } from './seed-cluster.js';

const find = (plan: Plan, host: string, id: string): ResourceChange | undefined =>
  plan.changes.find((c) => c.host === host && c.id === id);
const get = (plan: Plan, host: string, id: string): ResourceChange => {
  const c = find(plan, host, id);
  if (!c) throw new Error(`no change for ${host} ${id}`);
  return c;
};
const actionable = (plan: Plan) => plan.changes.filter((c) => c.action !== 'no-op');
const DEST1 = `${SVC}->192.168.122.10:80`;
const DEST2 = `${SVC}->192.168.122.20:80`;

describe('computePlan: creating the seed cluster on empty hosts', () => {
  const plan = computePlan(input(emptyHosts()));

  it('creates the IPVS objects and addresses and updates the ARP sysctls', () => {
    const counts: Record<string, number> = {};
    for (const c of actionable(plan)) counts[`${c.type}:${c.action}`] = (counts[`${c.type}:${c.action}`] ?? 0) + 1;
    expect(counts).toEqual({ 'ipvs_service:create': 1, 'ipvs_destination:create': 2, 'address:create': 3, 'sysctl:update': 8 });
  });

  it('models a sysctl as an update from the observed value, never a create', () => {
    const c = get(plan, 'lvs01', 'net.ipv4.conf.all.arp_announce');
    expect(c.action).toBe('update');
    expect(c.before).toEqual({ name: 'net.ipv4.conf.all.arp_announce', value: '0' });
    expect(c.after).toEqual({ name: 'net.ipv4.conf.all.arp_announce', value: '2' });
  });

  it('ignores addresses lvsplan neither desires nor recorded', () => {
    expect(find(plan, 'lvs01', 'eth0/192.168.122.10')).toBeUndefined();
    expect(find(plan, 'lvs-dr', 'lo/127.0.0.1')).toBeUndefined();
    expect(plan.unmanaged).toEqual([]);
  });

  it('uses config addresses, carries fingerprints and marks nothing as drift', () => {
    expect(get(plan, 'lvs-dr', DEST1).address).toBe('virtual_server.web.backend["lvs01"]');
    expect(plan.fingerprints).toEqual(hosts.map((h) => ({ host: h.name, fingerprint: `fp-${h.name}-empty` })));
    expect(plan.changes.some((c) => c.drift)).toBe(false);
  });

  it('orders real-server prep, service, destinations, director VIP', () => {
    const phase = (host: string, id: string) => get(plan, host, id).phase;
    expect(phase('lvs01', 'net.ipv4.conf.lo.arp_ignore')).toBeLessThan(phase('lvs-dr', SVC));
    expect(phase('lvs02', `lo/${VIP}`)).toBeLessThan(phase('lvs-dr', SVC));
    expect(phase('lvs-dr', SVC)).toBeLessThan(phase('lvs-dr', DEST1));
    expect(phase('lvs-dr', DEST2)).toBeLessThan(phase('lvs-dr', `eth0/${VIP}`));
    const phases = plan.changes.map((c) => c.phase);
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
  });
});

describe('computePlan: in sync, adoption', () => {
  it('plans only no-ops for an applied cluster, none adopted', () => {
    const plan = computePlan(input(appliedHosts()));
    expect(actionable(plan)).toEqual([]);
    expect(plan.changes).toHaveLength(desired().length);
    expect(plan.changes.some((c) => c.adopted || c.drift)).toBe(false);
  });

  it('adopts objects that already match but are not in the state record', () => {
    const plan = computePlan(input(appliedHosts().map((o) => ({ ...o, stateRecord: null }))));
    expect(actionable(plan)).toEqual([]);
    expect(plan.changes.every((c) => c.adopted === true)).toBe(true);
  });

  it('updates an existing but unrecorded object that differs, without calling it drift', () => {
    const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) =>
      rs.map((r) => (r.id === SVC ? { ...r, attrs: serviceAttrs({ scheduler: 'wlc' }) } : r)),
    ).map((o) => ({ ...o, stateRecord: null }));
    const c = get(computePlan(input(observed)), 'lvs-dr', SVC);
    expect(c.action).toBe('update');
    expect(c.drift).toBe(false);
  });
});

describe('computePlan: drift', () => {
  it('weight changed with ipvsadm -e: update back, drift with the recorded attrs', () => {
    const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) =>
      rs.map((r) => (r.id === DEST1 ? { ...r, attrs: destAttrs('192.168.122.10', { weight: 5 }) } : r)),
    );
    const c = get(computePlan(input(observed)), 'lvs-dr', DEST1);
    expect(c).toMatchObject({ action: 'update', drift: true });
    expect(c.before?.weight).toBe(5);
    expect(c.after?.weight).toBe(1);
    expect(c.recorded?.weight).toBe(1);
  });

  it('scheduler changed with ipvsadm -E: in-place update, drift', () => {
    const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) =>
      rs.map((r) => (r.id === SVC ? { ...r, attrs: serviceAttrs({ scheduler: 'wlc' }) } : r)),
    );
    const plan = computePlan(input(observed));
    expect(actionable(plan)).toHaveLength(1);
    expect(get(plan, 'lvs-dr', SVC)).toMatchObject({ action: 'update', drift: true, replacePaths: [] });
  });

  it('arp_ignore=0 on one real server: sysctl update, drift', () => {
    const observed = withObserved(appliedHosts(), 'lvs02', (rs) =>
      rs.map((r) => (r.id === 'net.ipv4.conf.all.arp_ignore' ? { ...r, attrs: { name: r.id, value: '0' } } : r)),
    );
    const plan = computePlan(input(observed));
    expect(actionable(plan).map((c) => [c.host, c.id, c.action, c.drift])).toEqual([
      ['lvs02', 'net.ipv4.conf.all.arp_ignore', 'update', true],
    ]);
  });

  it('an extra destination added outside lvsplan: deleted with drain, drift with no recorded attrs', () => {
    const extra = `${SVC}->192.168.122.30:80`;
    const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) => [
      ...rs,
      { host: 'lvs-dr', type: 'ipvs_destination', id: extra, attrs: destAttrs('192.168.122.30') },
    ]);
    const c = get(computePlan(input(observed)), 'lvs-dr', extra);
    expect(c).toMatchObject({
      action: 'delete',
      drift: true,
      recorded: null,
      reason: 'delete_because_no_resource_config',
      drain: { timeoutSeconds: 30 },
      address: 'virtual_server.web.destination["192.168.122.30:80"]',
    });
  });

  it('a recorded object deleted outside lvsplan is created again, as drift', () => {
    const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) => rs.filter((r) => r.id !== DEST2));
    const c = get(computePlan(input(observed)), 'lvs-dr', DEST2);
    expect(c).toMatchObject({ action: 'create', drift: true, before: null });
    expect(c.recorded).toEqual(destAttrs('192.168.122.20'));
  });
});

describe('computePlan: ownership', () => {
  const foreign = 'tcp:10.0.0.9:443';
  const foreignDest = `${foreign}->10.0.0.20:443`;
  const withForeign = () =>
    withObserved(appliedHosts(), 'lvs-dr', (rs) => [
      ...rs,
      { host: 'lvs-dr', type: 'ipvs_service', id: foreign, attrs: serviceAttrs({ address: '10.0.0.9', port: 443 }) },
      { host: 'lvs-dr', type: 'ipvs_destination', id: foreignDest, attrs: destAttrs('10.0.0.20', { service: foreign, port: 443 }) },
    ]);

  it('leaves services it does not manage alone and lists them as unmanaged', () => {
    const plan = computePlan(input(withForeign()));
    expect(actionable(plan)).toEqual([]);
    expect(plan.unmanaged.map((u) => [u.host, u.type, u.id])).toEqual([
      ['lvs-dr', 'ipvs_destination', foreignDest],
      ['lvs-dr', 'ipvs_service', foreign],
    ]);
  });

  it('deletes them on an exclusive director, destinations drained first', () => {
    const exclusive = hosts.map((h) => (h.role === 'director' ? { ...h, exclusive: true } : h));
    const plan = computePlan(input(withForeign(), { hosts: exclusive }));
    expect(plan.unmanaged).toEqual([]);
    const svc = get(plan, 'lvs-dr', foreign);
    const dest = get(plan, 'lvs-dr', foreignDest);
    expect(svc).toMatchObject({ action: 'delete', reason: 'delete_because_unmanaged_exclusive' });
    expect(dest).toMatchObject({ action: 'delete', reason: 'delete_because_unmanaged_exclusive', drain: { timeoutSeconds: DEFAULT_DRAIN_TIMEOUT_SECONDS } });
    expect(dest.phase).toBeLessThan(svc.phase);
    expect(svc.address).toBe(`director.lvs-dr.ipvs_service["${foreign}"]`);
  });

  it('a backend removed from the config is drained and deleted; a zero timeout skips the drain', () => {
    const without = desired().filter((d) => d.id !== DEST2);
    const plan = computePlan(input(appliedHosts(), { desired: without }));
    expect(get(plan, 'lvs-dr', DEST2)).toMatchObject({
      action: 'delete',
      reason: 'delete_because_no_resource_config',
      drift: false,
      drain: { timeoutSeconds: 30 },
      address: 'virtual_server.web.destination["192.168.122.20:80"]',
    });
    const noDrain = computePlan(input(appliedHosts(), { desired: without, drainTimeouts: { 'lvs-dr': { [SVC]: 0 } } }));
    expect(get(noDrain, 'lvs-dr', DEST2).drain).toBeUndefined();
  });

  it('removing a whole virtual server deletes what the record lists and restores the real servers', () => {
    const plan = computePlan(input(appliedHosts(), { desired: [] }));
    const byKind = actionable(plan).map((c) => `${c.host} ${c.type} ${c.action} ${c.phase}`);
    expect(byKind).toContain(`lvs-dr ipvs_service delete 6`);
    expect(byKind).toContain(`lvs-dr address delete 7`);
    expect(byKind).toContain(`lvs01 address delete 8`);
    const restore = get(plan, 'lvs01', 'net.ipv4.conf.lo.arp_announce');
    expect(restore).toMatchObject({
      action: 'update',
      reason: 'restore_because_no_resource_config',
      after: { name: 'net.ipv4.conf.lo.arp_announce', value: '0' },
      address: 'realserver.lvs01.sysctl["net.ipv4.conf.lo.arp_announce"]',
    });
    expect(plan.changes.filter((c) => c.type === 'sysctl' && c.action === 'delete')).toEqual([]);
    const dests = plan.changes.filter((c) => c.type === 'ipvs_destination');
    expect(dests.every((c) => c.action === 'delete' && c.drain?.timeoutSeconds === 30 && c.phase === 5)).toBe(true);
  });

  it('a sysctl already at its original value, or with none recorded, is only forgotten', () => {
    const observed = appliedHosts().map((o) =>
      o.host !== 'lvs01' || !o.stateRecord
        ? o
        : {
            ...o,
            resources: o.resources.map((r) => (r.id === 'net.ipv4.conf.all.arp_ignore' ? { ...r, attrs: { name: r.id, value: '0' } } : r)),
            stateRecord: { ...o.stateRecord, originalSysctls: { 'net.ipv4.conf.all.arp_ignore': '0' } },
          },
    );
    const plan = computePlan(input(observed, { desired: [] }));
    expect(get(plan, 'lvs01', 'net.ipv4.conf.all.arp_ignore')).toMatchObject({ action: 'no-op', reason: 'restore_because_no_resource_config' });
    expect(get(plan, 'lvs01', 'net.ipv4.conf.lo.arp_ignore')).toMatchObject({ action: 'no-op', reason: 'restore_because_no_resource_config' });
  });
});

describe('computePlan: destroy', () => {
  it('deletes or restores everything the records list, keeps config addresses, leaves unmanaged alone', () => {
    const foreign = 'udp:10.0.0.9:53';
    const exclusive = hosts.map((h) => (h.role === 'director' ? { ...h, exclusive: true } : h));
    const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) => [
      ...rs,
      { host: 'lvs-dr', type: 'ipvs_service', id: foreign, attrs: serviceAttrs({ protocol: 'udp', address: '10.0.0.9', port: 53 }) },
    ]);
    const plan = computePlan(input(observed, { mode: 'destroy', hosts: exclusive }));
    expect(plan.mode).toBe('destroy');
    const acts = actionable(plan);
    expect(acts.filter((c) => c.action === 'delete')).toHaveLength(6);
    expect(acts.filter((c) => c.action === 'update' && c.reason === 'restore_because_no_resource_config')).toHaveLength(8);
    expect(acts.some((c) => c.action === 'create')).toBe(false);
    expect(get(plan, 'lvs-dr', SVC).address).toBe('virtual_server.web');
    expect(plan.unmanaged.map((u) => u.id)).toEqual([foreign]);
  });

  it('plans nothing for hosts without a state record', () => {
    expect(computePlan(input(emptyHosts(), { mode: 'destroy' })).changes).toEqual([]);
  });
});

describe('computePlan: replacement and unreadable sysctls', () => {
  it('a prefix length change on an address is a replacement', () => {
    const observed = withObserved(appliedHosts(), 'lvs01', (rs) =>
      rs.map((r) => (r.id === `lo/${VIP}` ? { ...r, attrs: { ...r.attrs, prefix_length: 24 } } : r)),
    );
    expect(get(computePlan(input(observed)), 'lvs01', `lo/${VIP}`)).toMatchObject({
      action: 'replace',
      replacePaths: ['prefix_length'],
      reason: 'replace_because_cannot_update',
      phase: 1,
    });
  });

  it('a desired sysctl the host did not report is an update from null', () => {
    const observed = withObserved(emptyHosts(), 'lvs01', (rs) => rs.filter((r) => r.id !== 'net.ipv4.conf.lo.arp_ignore'));
    const c = get(computePlan(input(observed)), 'lvs01', 'net.ipv4.conf.lo.arp_ignore');
    expect(c).toMatchObject({ action: 'update', before: { name: 'net.ipv4.conf.lo.arp_ignore', value: null } });
  });
});

describe('computePlan: a text plan leaves out the quiet no-ops', () => {
  // DEST1's record says weight 3 while the host and the configuration say 1: a no-op with drift. DEST2 is changed on the host.
  const observed = withObserved(appliedHosts(), 'lvs-dr', (rs) => rs.map((r) => (r.id === DEST2 ? { ...r, attrs: destAttrs('192.168.122.20', { weight: 5 }) } : r))).map((o) =>
    o.host === 'lvs-dr' ? { ...o, stateRecord: { ...o.stateRecord!, managed: o.stateRecord!.managed.map((m) => (m.id === DEST1 ? { ...m, attrs: { ...m.attrs, weight: 3 } } : m)) } } : o,
  );
  const text = (plan: Plan) => renderHumanPlan(renderJsonPlan(plan, { noOps: false }), { color: false });

  it('keeps every change a text plan shows, in the same order, and shows the same text', () => {
    const all = computePlan(input(observed));
    const lean = computePlan(input(observed, { omitQuietNoOps: true }));
    // Sysctls (a few per host) are planned as they always are.
    expect(lean.changes).toEqual(all.changes.filter((c) => c.action !== 'no-op' || c.drift || c.type === 'sysctl'));
    expect(lean.changes.length).toBeLessThan(all.changes.length);
    expect(get(lean, 'lvs-dr', DEST1)).toMatchObject({ action: 'no-op', drift: true });
    expect(get(lean, 'lvs-dr', DEST2)).toMatchObject({ action: 'update', drift: true });
    expect(text(lean)).toBe(text(all));
  });

  it('keeps them all with -target or -replace, which look at them', () => {
    for (const over of [{ targets: ['virtual_server.web'] }, { replace: ['virtual_server.web.backend["lvs01"]'] }]) {
      expect(computePlan(input(observed, { ...over, omitQuietNoOps: true })).changes).toEqual(computePlan(input(observed, over)).changes);
    }
  });
});
