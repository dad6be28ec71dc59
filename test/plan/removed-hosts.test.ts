import { describe, expect, it } from 'vitest';
import { removedHosts } from '../../src/config/removed-hosts.js';
import type { KnownHost } from '../../src/model/known-hosts.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { PHASES } from '../../src/plan/ordering.js';
import type { Plan } from '../../src/plan/types.js';
import { appliedHosts, desired, hosts, input, SVC, VIP } from './seed-cluster.js';

const known: KnownHost[] = hosts.map((h) => ({ name: h.name, role: h.role, connection: h.connection }));
const actionable = (plan: Plan) =>
  plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.phase} ${c.action} ${c.address}${c.after && c.type === 'sysctl' ? `=${c.after.value}` : ''}`);

/** The configuration without `name`'s block (and what refers to it), planned the way makePlan does. */
function withoutHost(name: string, mode: 'apply' | 'destroy' = 'apply'): Plan {
  const configured = hosts.filter((h) => h.name !== name);
  const keep = desired().filter((d) => d.host !== name && d.realserver !== name && (name !== 'lvs-dr' || d.host !== 'lvs-dr'));
  const want = name === 'lvs-dr' ? keep.filter((d) => d.type !== 'address' && d.type !== 'sysctl') : keep;
  return computePlan(input(appliedHosts(), { desired: want, hosts: [...configured, ...removedHosts(configured, known)], mode }));
}

describe('hosts that left the configuration', () => {
  it('are the known hosts the configuration does not declare, never reading as exclusive', () => {
    const configured = hosts.filter((h) => h.name !== 'lvs02');
    expect(removedHosts(configured, known)).toEqual([{ ...known[2], exclusive: false }]);
  });

  it('a removed realserver: drain and delete its destination, then remove its VIP and restore its sysctls', () => {
    expect(actionable(withoutHost('lvs02'))).toEqual([
      `${PHASES.drainDestination} delete virtual_server.web.destination["192.168.122.20:80"]`,
      `${PHASES.removeRealServerPrep} delete realserver.lvs02.address["lo/${VIP}"]`,
      `${PHASES.removeRealServerPrep} update realserver.lvs02.sysctl["net.ipv4.conf.all.arp_announce"]=0`,
      `${PHASES.removeRealServerPrep} update realserver.lvs02.sysctl["net.ipv4.conf.all.arp_ignore"]=0`,
      `${PHASES.removeRealServerPrep} update realserver.lvs02.sysctl["net.ipv4.conf.lo.arp_announce"]=0`,
      `${PHASES.removeRealServerPrep} update realserver.lvs02.sysctl["net.ipv4.conf.lo.arp_ignore"]=0`,
    ]);
    const dest = withoutHost('lvs02').changes.find((c) => c.id === `${SVC}->192.168.122.20:80`)!;
    expect([dest.realserver, dest.drain]).toEqual(['lvs02', { timeoutSeconds: 30 }]);
  });

  it('destroy with the block already gone cleans that host too', () => {
    const plan = withoutHost('lvs02', 'destroy');
    expect(actionable(plan).filter((c) => c.includes('lvs02'))).toHaveLength(5);
    expect(actionable(plan)).toHaveLength(1 + 2 + 1 + 2 * 5);
  });

  it('a removed director: its destinations, service and VIP go, then the real servers are restored', () => {
    expect(actionable(withoutHost('lvs-dr'))).toEqual([
      `${PHASES.drainDestination} delete director.lvs-dr.ipvs_service["${SVC}"].destination["192.168.122.10:80"]`,
      `${PHASES.drainDestination} delete director.lvs-dr.ipvs_service["${SVC}"].destination["192.168.122.20:80"]`,
      `${PHASES.removeService} delete director.lvs-dr.ipvs_service["${SVC}"]`,
      `${PHASES.removeDirectorAddress} delete director.lvs-dr.address["${VIP}/32"]`,
      ...['lvs01', 'lvs02'].flatMap((rs) => [
        `${PHASES.removeRealServerPrep} delete realserver.${rs}.address["lo/${VIP}"]`,
        ...['all.arp_announce', 'all.arp_ignore', 'lo.arp_announce', 'lo.arp_ignore'].map(
          (s) => `${PHASES.removeRealServerPrep} update realserver.${rs}.sysctl["net.ipv4.conf.${s}"]=0`,
        ),
      ]),
    ]);
  });
});

describe('a host renamed in the configuration', () => {
  it('is not cleaned up under its old name (same connection, same state record); a warning says it is forgotten', () => {
    const renamed = hosts.map((h) => (h.name === 'lvs02' ? { ...h, name: 'web2' } : h));
    const diags: import('../../src/hcl/diagnostic.js').Diagnostic[] = [];
    expect(removedHosts(renamed, known, diags)).toEqual([]);
    expect(diags.map((d) => [d.severity, d.summary])).toEqual([['warning', 'Host lvs02 is now web2']]);
  });
});
