import { describe, expect, it } from 'vitest';
import { useResetLab } from './support/use-reset-lab.js';

describe('the lab test API', () => {
  const l = useResetLab();


  it('gives each host its own hostname, network and private /var/lib', async () => {
    await l.mustExec('lvs01', ['sh', '-c', 'mkdir -p /var/lib/lvsplan && echo one > /var/lib/lvsplan/mark']);
    expect((await l.ssh('lvs01', 'hostname; cat /var/lib/lvsplan/mark')).stdout).toBe('lvs01\none\n');
    expect((await l.exec('lvs02', ['cat', '/var/lib/lvsplan/mark'])).code).not.toBe(0);
    expect(await l.mustExec('lvs02', ['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0'])).toContain(l.address('lvs02'));
  });

  it('reset() empties IPVS, removes extra addresses and restores sysctls and state', async () => {
    await l.mustExec('director', ['ipvsadm', '-A', '-t', `${l.vip}:80`, '-s', 'rr']);
    await l.mustExec('director', ['ip', 'addr', 'add', `${l.vip}/32`, 'dev', 'eth0']);
    await l.mustExec('director', ['sysctl', '-w', 'net.ipv4.vs.expire_nodest_conn=1']);
    // Numbers of more than one digit, and one of two numbers: snapshot whole (sh's read kept only the first byte).
    const threshold = await l.sysctl('director', 'net.ipv4.vs.sync_threshold');
    await l.mustExec('director', ['sysctl', '-w', 'net.ipv4.vs.amemthresh=2048', 'net.ipv4.vs.sync_threshold=5 60']);
    await l.mustExec('lvs01', ['sysctl', '-w', 'net.ipv4.conf.all.arp_ignore=1']);
    await l.mustExec('lvs01', ['ip', 'addr', 'add', `${l.vip}/32`, 'dev', 'lo']);
    await l.mustExec('lvs01', ['sh', '-c', 'mkdir -p /var/lib/lvsplan && echo x > /var/lib/lvsplan/state.json']);
    expect(await l.ipvsSave()).toContain(l.vip);

    await l.reset();

    expect(await l.ipvsSave()).toBe('');
    expect(await l.mustExec('director', ['ip', '-o', 'addr', 'show', 'dev', 'eth0'])).not.toContain(`${l.vip}/32`);
    expect(await l.mustExec('director', ['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0'])).toContain(l.address('director'));
    expect(await l.sysctl('director', 'net.ipv4.vs.expire_nodest_conn')).toBe('0');
    expect(await l.sysctl('director', 'net.ipv4.vs.amemthresh')).toBe('1024');
    expect(await l.sysctl('director', 'net.ipv4.vs.sync_threshold')).toBe(threshold);
    expect(threshold).toMatch(/^\d+\s+\d+$/);
    expect(await l.sysctl('lvs01', 'net.ipv4.conf.all.arp_ignore')).toBe('0');
    expect(await l.mustExec('lvs01', ['ip', '-o', 'addr', 'show', 'dev', 'lo'])).not.toContain(l.vip);
    expect((await l.exec('lvs01', ['test', '-e', '/var/lib/lvsplan'])).code).toBe(1);
  });

  it('cuts and restores a host link; loadLoop counts successes and failures', async () => {
    expect(await l.curl('client', `http://${l.address('lvs01')}/`, 1)).toEqual(['lvs01 host!']);
    await l.cutLink('lvs01');
    expect((await l.curl('client', `http://${l.address('lvs01')}/`, 1, 2))[0]).toMatch(/^curl-failed:/);
    const loop = l.loadLoop({ url: `http://${l.address('lvs01')}/`, count: 2, seconds: 30, timeoutSeconds: 1 });
    const cut = await loop.finished;
    expect(cut).toEqual({ succeeded: 0, failed: 2 });
    await l.restoreLink('lvs01');
    const ok = await l.loadLoop({ url: `http://${l.address('lvs01')}/`, count: 3, seconds: 60 }).finished;
    expect(ok).toEqual({ succeeded: 3, failed: 0 });
  });
});
