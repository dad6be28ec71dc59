import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import { LOCK_PATH } from '../../src/model/state-record.js';
import { Cluster, desired, RS, SVC, VIP } from './support/cluster.js';

const startOrder = (c: Cluster) => c.events.flatMap((e) => (e.kind === 'start' ? [`${e.change.host} ${e.change.address}`] : []));
const completeIndex = (c: Cluster, address: string, host?: string) =>
  c.events.findIndex((e) => e.kind === 'complete' && e.change.address === address && (host === undefined || e.change.host === host));
const startIndex = (c: Cluster, address: string) => c.events.findIndex((e) => e.kind === 'start' && e.change.address === address);

describe('executePlan on an empty cluster', () => {
  it('applies everything in phase order, one ipvsadm -R per director per phase, and records it', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    for (const h of c.hosts.values()) h.remote.length = 0;
    const result = await executePlan(plan, c.deps());

    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.counts).toEqual({ added: 6, changed: 4, destroyed: 0 });

    expect(c.host('lvs-dr').batches()).toEqual([
      [`-A -t ${VIP}:80 -s rr`],
      [`-a -t ${VIP}:80 -r ${RS.lvs01}:80 -g -w 1 -x 0 -y 0`, `-a -t ${VIP}:80 -r ${RS.lvs02}:80 -g -w 1 -x 0 -y 0`],
    ]);

    // Real servers are ARP-safe and hold the VIP on lo before the service exists; the VIP is bound last.
    const service = startIndex(c, 'virtual_server.web');
    for (const rs of Object.keys(RS)) {
      expect(completeIndex(c, `realserver.${rs}.address["lo/${VIP}"]`)).toBeLessThan(service);
      expect(completeIndex(c, `realserver.${rs}.sysctl["net.ipv4.conf.all.arp_ignore"]`)).toBeLessThan(service);
      expect(completeIndex(c, `virtual_server.web.backend["${rs}"]`)).toBeLessThan(startIndex(c, `director.lvs-dr.address["${VIP}/32"]`));
    }
    expect(startOrder(c).at(-1)).toBe(`lvs-dr director.lvs-dr.address["${VIP}/32"]`);
    expect(c.host('lvs-dr').addresses.has(`eth0/${VIP}`)).toBe(true);

    // On a real server, ARP sysctls are written before the VIP goes on lo.
    const rsCommands = c.host('lvs01').commands();
    expect(rsCommands.findIndex((x) => x.startsWith('ip addr add'))).toBeGreaterThan(rsCommands.findLastIndex((x) => x.startsWith('sysctl')));

    // The lock holder reads the host (and looks for a leftover ICMP hold on the director); then each host
    // step, the re-read included, goes through the lock holder too, the director's `ipvsadm -R` batches (their
    // stdin the batch) as well, and so does the state record write after it: no remote command. Once a write
    // under the lock found the state directory private (the real server's step recording the originals, the
    // director's first write), its mode is not read again. The last step's re-read is the verification: no
    // read of its own.
    expect(c.host('lvs01').remoteCommands()).toEqual(['lock']);
    expect(c.host('lvs01').holderRequests).toEqual(['steps(state-write,sysctl,sysctl,ip,read)', 'state checked']);
    expect(c.host('lvs-dr').remoteCommands()).toEqual(['lock']);
    expect(c.host('lvs-dr').holderRequests).toEqual(['steps(ipvsadm,read)', 'state unchecked', 'steps(ipvsadm,read)', 'state checked', 'steps(ip,read)', 'state checked']);
    expect(c.events.filter((e) => e.kind === 'verify').map((e) => `${e.host} ${e.ok}`).sort()).toEqual(['lvs-dr true', 'lvs01 true', 'lvs02 true']);

    const dr = c.host('lvs-dr').stateRecord()!;
    expect(dr.managed.map((m) => `${m.type} ${m.id}`).sort()).toEqual(
      [`address eth0/${VIP}`, `ipvs_destination ${SVC}->${RS.lvs01}:80`, `ipvs_destination ${SVC}->${RS.lvs02}:80`, `ipvs_service ${SVC}`].sort(),
    );
    const rs = c.host('lvs01').stateRecord()!;
    expect(rs.originalSysctls).toEqual({ 'net.ipv4.conf.all.arp_ignore': '0', 'net.ipv4.conf.all.arp_announce': '0' });
    expect(rs.managed.find((m) => m.id === 'net.ipv4.conf.all.arp_ignore')?.attrs).toEqual({ name: 'net.ipv4.conf.all.arp_ignore', value: '1' });

    const again = await c.plan(desired());
    expect(again.changes.filter((x) => x.action !== 'no-op' || x.adopted)).toEqual([]);

    for (const h of c.hosts.values()) {
      expect(h.lockOwner).toBeNull();
      expect(h.files.get(LOCK_PATH)).toBe('');
    }
  });

  it('reads a host again to verify it when the re-read after its last step failed', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    for (const h of c.hosts.values()) h.remote.length = 0;
    let reads = 0;
    // lvs-dr's reads: before the run, after each of its three steps; the last of them fails.
    c.host('lvs-dr').failArgv = (argv) => (argv[0] === 'fake-read' && ++reads === 4 ? 'Connection reset by peer' : null);
    const result = await executePlan(plan, c.deps());

    expect(result.failed.map((o) => o.change.address)).toEqual([`director.lvs-dr.address["${VIP}/32"]`]);
    expect(c.host('lvs-dr').holderRequests.at(-1)).toBe('steps(ip,read)');
    expect(c.host('lvs-dr').remoteCommands().at(-1)).toBe('read');
    expect(c.events.filter((e) => e.kind === 'verify').map((e) => `${e.host} ${e.ok}`).sort()).toEqual(['lvs-dr true', 'lvs01 true', 'lvs02 true']);
  });

  it('ends each step with a re-read that leaves out the state record, and still records what took', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    for (const h of c.hosts.values()) h.log.length = 0;
    const result = await executePlan(plan, c.deps());
    expect(result.exitCode).toBe(0);
    // The lock holder's read first (in full: the apply starts from its state record), then the steps' re-reads.
    for (const name of ['lvs-dr', 'lvs01']) {
      const reads = c.host(name).log.filter((e) => e.argv[0] === 'fake-read').map((e) => e.argv.join(' '));
      expect(reads[0]).toBe('fake-read');
      expect(reads.slice(1).length).toBeGreaterThan(0);
      expect(new Set(reads.slice(1))).toEqual(new Set(['fake-read reread']));
    }
    const applied = result.applied.filter((o) => o.change.host === 'lvs01').map((o) => `${o.change.type} ${o.change.id}`);
    expect(applied.length).toBeGreaterThan(1);
    expect(c.host('lvs01').stateRecord()!.managed.map((m) => `${m.type} ${m.id}`).sort()).toEqual(applied.sort());
    expect(result.counts).toEqual({ added: 6, changed: 4, destroyed: 0 });
  });

  it('records a sysctl original before the first write changes it', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    const log = c.host('lvs02').log;
    const firstWrite = log.findIndex((e) => e.argv[0] === 'sysctl');
    const firstRecord = log.findIndex((e) => e.argv[3] === 'lvsplan-state');
    expect(firstRecord).toBeGreaterThanOrEqual(0);
    expect(firstRecord).toBeLessThan(firstWrite);
    expect(JSON.parse(log[firstRecord]!.stdin!).originalSysctls['net.ipv4.conf.all.arp_announce']).toBe('0');
  });

  it('changes nothing when the original sysctl values cannot be recorded', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs01').failArgv = (argv) => (argv[3] === 'lvsplan-state' ? 'mkdir: cannot create directory: Read-only file system' : null);
    const result = await executePlan(plan, c.deps());
    expect(c.host('lvs01').commands().some((x) => x.startsWith('sysctl') || x.startsWith('ip addr'))).toBe(false);
    expect(c.host('lvs01').sysctls.get('net.ipv4.conf.all.arp_ignore')).toBe('0');
    expect(result.failed.map((o) => o.change.host)).toContain('lvs01');
    expect(result.exitCode).toBe(1);
  });

  it('does not sort independent edits into separate batches', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    const before = c.host('lvs-dr').batches().length;
    const result = await executePlan(await c.plan(desired({ service: { scheduler: 'wlc' }, weight: { lvs01: 5, lvs02: 7 } })), c.deps());
    expect(result.exitCode).toBe(0);
    expect(result.counts).toEqual({ added: 0, changed: 3, destroyed: 0 });
    expect(c.host('lvs-dr').batches().slice(before)).toEqual([
      [`-E -t ${VIP}:80 -s wlc`],
      [`-e -t ${VIP}:80 -r ${RS.lvs01}:80 -g -w 5 -x 0 -y 0`, `-e -t ${VIP}:80 -r ${RS.lvs02}:80 -g -w 7 -x 0 -y 0`],
    ]);
  });

  it('reads each host in its lock holder; a read that fails there fails the host as a read of its own would', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    for (const h of c.hosts.values()) h.remote.length = h.log.length = 0;
    c.host('lvs02').failArgv = (argv) => (argv.join(' ') === 'fake-read' ? 'Connection reset by peer' : null);
    const result = await executePlan(plan, c.deps());
    expect(c.host('lvs02').remoteCommands()).toEqual(['lock']);
    expect(c.host('lvs02').commands()).toEqual(['sh lvsplan-lock', 'fake-read']);
    expect(new Set(result.failed.map((o) => o.change.host))).toEqual(new Set(['lvs02']));
    expect(result.failed[0]!.message).toBe('lvs02 could not be read: Connection reset by peer');
    expect(c.host('lvs02').sysctls.get('net.ipv4.conf.all.arp_ignore')).toBe('0');
    expect(c.host('lvs02').lockOwner).toBeNull();
  });

  it('reads with a command of its own when no lock is taken (-lock=false)', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    for (const h of c.hosts.values()) h.remote.length = 0;
    const result = await executePlan(plan, c.deps({ lock: false }));
    expect(result.exitCode).toBe(0);
    expect(c.host('lvs01').remoteCommands()).toEqual(['read', 'steps(state-write,sysctl,sysctl,ip,read)', 'state-write']);
  });

  it('runs the steps and writes the state record with commands of their own where the lock holder cannot (no bash on the host)', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    c.host('lvs01').holderAnswers = false;
    c.host('lvs01').remote.length = 0;
    const result = await executePlan(plan, c.deps());
    expect(result.exitCode).toBe(0);
    expect(c.host('lvs01').remoteCommands()).toEqual(['lock', 'steps(state-write,sysctl,sysctl,ip,read)', 'state-write']);
    expect(c.host('lvs01').holderRequests).toEqual([]);
    expect(c.host('lvs01').stateRecord()!.managed.map((m) => m.id)).toContain(`lo/${VIP}`);
  });

  it('refuses a saved plan from the lock holder\'s read when a host changed after planning', async () => {
    const c = new Cluster();
    await executePlan(await c.plan(desired()), c.deps());
    const plan = await c.plan(desired({ weight: { lvs01: 3 } }));
    c.host('lvs-dr').sysctls.set('net.ipv4.vs.expire_nodest_conn', '1');
    for (const h of c.hosts.values()) h.remote.length = 0;
    const result = await executePlan(plan, c.deps({ savedPlan: true }));
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics.map((d) => d.summary).join('\n')).toMatch(/[Ss]tale|changed/);
    expect(c.host('lvs-dr').remoteCommands()).toEqual(['lock']);
    expect(c.host('lvs-dr').batches().at(-1)).not.toContain(`-e -t ${VIP}:80 -r ${RS.lvs01}:80 -g -w 3 -x 0 -y 0`);
  });
});
