import { describe, expect, it } from 'vitest';
import { computePlan, computePlanWithDiagnostics } from '../../src/plan/compute-plan.js';
import { addressMatches } from '../../src/plan/target.js';
import type { Plan } from '../../src/plan/types.js';
import { appliedHosts, desired, emptyHosts, input, SVC, VIP } from './seed-cluster.js';

const keys = (plan: Plan) => plan.changes.map((c) => `${c.host} ${c.id}`).sort();

describe('addressMatches', () => {
  it('matches exactly or as a prefix ending at . or [', () => {
    expect(addressMatches('virtual_server.web', 'virtual_server.web')).toBe(true);
    expect(addressMatches('virtual_server.web.backend["lvs01"]', 'virtual_server.web')).toBe(true);
    expect(addressMatches('realserver.lvs01.sysctl["x"]', 'realserver.lvs01.sysctl')).toBe(true);
    expect(addressMatches('virtual_server.webx', 'virtual_server.web')).toBe(false);
    expect(addressMatches('virtual_server.web', 'virtual_server.web.backend')).toBe(false);
  });
});

describe('computePlan with targets', () => {
  it('a backend brings its service and its real server prep, nothing of the other real server', () => {
    const plan = computePlan(input(emptyHosts(), { targets: ['virtual_server.web.backend["lvs01"]'] }));
    expect(keys(plan)).toEqual(
      [
        `lvs-dr ${SVC}->192.168.122.10:80`,
        `lvs-dr ${SVC}`,
        `lvs01 lo/${VIP}`,
        'lvs01 net.ipv4.conf.all.arp_announce',
        'lvs01 net.ipv4.conf.all.arp_ignore',
        'lvs01 net.ipv4.conf.lo.arp_announce',
        'lvs01 net.ipv4.conf.lo.arp_ignore',
      ].sort(),
    );
  });

  it('a virtual server selects its backends and both real servers, not the director VIP', () => {
    const plan = computePlan(input(emptyHosts(), { targets: ['virtual_server.web'] }));
    expect(plan.changes).toHaveLength(1 + 2 + 2 * 5);
    expect(plan.changes.some((c) => c.id === `eth0/${VIP}`)).toBe(false);
  });

  it('a real server prefix selects only that host', () => {
    const plan = computePlan(input(emptyHosts(), { targets: ['realserver.lvs02'] }));
    expect(new Set(plan.changes.map((c) => c.host))).toEqual(new Set(['lvs02']));
    expect(plan.changes).toHaveLength(5);
  });

  it('selects an orphaned destination below its service', () => {
    const without = desired().filter((d) => d.id !== `${SVC}->192.168.122.20:80`);
    const plan = computePlan(input(appliedHosts(), { desired: without, targets: ['virtual_server.web.destination'] }));
    expect(plan.changes.map((c) => [c.id, c.action])).toEqual([
      [SVC, 'no-op'],
      [`${SVC}->192.168.122.20:80`, 'delete'],
    ]);
  });
});

describe('targeting carries the real-server relation, not the backend label', () => {
  // backend "app1" { realserver = "lvs01" }: the label names no host.
  const relabelled = () =>
    desired().map((d) => (d.type === 'ipvs_destination' && d.realserver === 'lvs01' ? { ...d, address: 'virtual_server.web.backend["app1"]' } : d));
  const lvs01Prep = [
    `lvs01 lo/${VIP}`,
    'lvs01 net.ipv4.conf.all.arp_announce',
    'lvs01 net.ipv4.conf.all.arp_ignore',
    'lvs01 net.ipv4.conf.lo.arp_announce',
    'lvs01 net.ipv4.conf.lo.arp_ignore',
  ];

  for (const target of ['virtual_server.web', 'virtual_server.web.backend["app1"]']) {
    it(`-target=${target} prepares lvs01 before its destination`, () => {
      const plan = computePlan(input(emptyHosts(), { desired: relabelled(), targets: [target] }));
      expect(keys(plan)).toEqual(expect.arrayContaining(lvs01Prep));
      const dest = plan.changes.find((c) => c.address === 'virtual_server.web.backend["app1"]')!;
      expect(dest.realserver).toBe('lvs01');
      for (const c of plan.changes.filter((x) => x.host === 'lvs01')) expect(c.phase).toBeLessThan(dest.phase);
    });
  }

  it('a removed destination keeps its real server from the director\'s record, so lvs02 is cleaned only after it', () => {
    const hostsNow = appliedHosts();
    const without = desired().filter((d) => d.host !== 'lvs02' && d.realserver !== 'lvs02');
    const plan = computePlan(input(hostsNow, { desired: without }));
    const removed = plan.changes.find((c) => c.id === `${SVC}->192.168.122.20:80`)!;
    expect([removed.action, removed.realserver]).toEqual(['delete', 'lvs02']);
  });
});

describe('-target that selects nothing', () => {
  it('is an error with the nearest address, and every -target brings Terraform\'s warning', () => {
    const { plan, diagnostics } = computePlanWithDiagnostics(input(emptyHosts(), { targets: ['virtual_server.wbe'] }));
    expect(plan.changes).toEqual([]);
    expect(diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ['error', 'Target matches nothing'],
      ['warning', 'Resource targeting is in effect'],
    ]);
    expect(diagnostics[0]!.detail).toContain('Did you mean "virtual_server.web"?');
  });

  it('accepts a target whose resources are already in sync, and a host address', () => {
    for (const t of ['virtual_server.web', 'realserver.lvs01', 'director.lvs-dr']) {
      const { diagnostics } = computePlanWithDiagnostics(input(appliedHosts(), { targets: [t] }));
      expect(diagnostics.map((d) => d.severity)).toEqual(['warning']);
    }
  });
});
