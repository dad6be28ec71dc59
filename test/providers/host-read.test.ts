import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHostReadScript, expectedIpvsByHost, fingerprintObserved, HOST_READ_SCRIPT, parseHostRead } from '../../providers/host-read.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { encodePlanFile } from '../../src/plan/plan-file.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { emptyStateRecord } from '../../src/model/state-record.js';
import { stateRecordText } from '../../src/model/state-record-file.js';
import type { HostRole } from '../../src/model/hosts.js';
import type { DesiredResource } from '../../src/model/resource.js';
import { fixture } from './fixture.js';

const root = mkdtempSync(join(tmpdir(), 'lvsplan-host-read-'));
const fixturesDir = new URL('../fixtures/', import.meta.url).pathname;

/** A bin directory whose ipvsadm prints the captured outputs (or fails like a kernel without IPVS). */
function fakeIpvsadm(mode: 'rich' | 'no-ipvs'): string {
  const dir = mkdtempSync(join(root, 'bin-'));
  const script =
    mode === 'rich'
      ? `#!/bin/sh\ncase "$*" in\n  -Sn) cat "${fixturesDir}captured/rich/ipvsadm-Sn.txt";;\n  "-Ln --thresholds") cat "${fixturesDir}captured/rich/ipvsadm-Ln-thresholds.txt";;\n  *) exit 9;;\nesac\n`
      : `#!/bin/sh\necho "Can't initialize ipvs: Protocol not available" >&2\necho "Are you sure that IP Virtual Server is built in the kernel or as module?" >&2\nexit 2\n`;
  writeFileSync(join(dir, 'ipvsadm'), script);
  chmodSync(join(dir, 'ipvsadm'), 0o755);
  return dir;
}

function run(role: HostRole, sysctlNames: string[], statePath: string, pathPrefix?: string): string {
  const built = buildHostReadScript({ role, sysctlNames, stateRecordPath: statePath });
  if (!built.ok) throw new Error(built.error);
  const [cmd, ...args] = built.value;
  const env = { ...process.env, PATH: pathPrefix ? `${pathPrefix}:/usr/bin:/bin` : '/usr/bin:/bin' };
  return execFileSync(cmd!, args, { encoding: 'utf8', env });
}

describe('buildHostReadScript', () => {
  it('keeps the script text constant and passes names as parameters', () => {
    const a = buildHostReadScript({ role: 'realserver', sysctlNames: ['net.ipv4.conf.all.arp_ignore'] });
    const b = buildHostReadScript({ role: 'director', sysctlNames: ['net.ipv4.ip_forward', 'net.ipv4.vs.conntrack'], stateRecordPath: '/tmp/x.json' });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.value[2]).toBe(HOST_READ_SCRIPT);
    expect(b.value[2]).toBe(HOST_READ_SCRIPT);
    expect(b.value.slice(3)).toEqual(['lvsplan-read', 'director', '/tmp/x.json', 'net.ipv4.ip_forward', '/proc/sys/net/ipv4/ip_forward', 'net.ipv4.vs.conntrack', '/proc/sys/net/ipv4/vs/conntrack']);
  });

  it.each([
    [{ role: 'realserver' as const, sysctlNames: ['net.ipv4.ip_forward; reboot'] }],
    [{ role: 'realserver' as const, sysctlNames: [], stateRecordPath: '/var/lib/../../etc/shadow' }],
    [{ role: 'realserver' as const, sysctlNames: [], stateRecordPath: 'relative.json' }],
    [{ role: 'realserver' as const, sysctlNames: [], stateRecordPath: '/tmp/$(reboot)' }],
    [{ role: 'root' as unknown as HostRole, sysctlNames: [] }],
  ])('refuses hostile input %#', (req) => {
    expect(buildHostReadScript(req).ok).toBe(false);
  });
});

describe('host read run for real with sh, ip and /proc/sys (fake ipvsadm)', () => {
  it('reads a director: IPVS table with thresholds, addresses, sysctls, state record', () => {
    const statePath = join(root, 'state.json');
    writeFileSync(statePath, JSON.stringify({ version: 1, managed: [{ type: 'ipvs_service', id: 'tcp:192.168.122.50:80', attrs: { family: 'inet', protocol: 'tcp', address: '192.168.122.50', port: 80, fwmark: null, scheduler: 'rr', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] } }], originalSysctls: {} }));
    const out = run('director', ['net.ipv4.ip_forward', 'net.ipv4.conf.nosuch0.arp_ignore'], statePath, fakeIpvsadm('rich'));
    const { observed, diagnostics } = parseHostRead('lvs-dr', 'director', out);
    expect(diagnostics.map((d) => [d.severity, d.summary])).toEqual([['warning', 'sysctl net.ipv4.conf.nosuch0.arp_ignore does not exist on host "lvs-dr"']]);
    expect(observed.missingIpvsadm).toBe(false);
    expect(observed.stateRecord?.managed).toHaveLength(1);
    const dest = observed.resources.find((r) => r.id === 'tcp:192.168.122.51:443->10.1.0.10:8443');
    expect(dest?.attrs).toMatchObject({ upper_threshold: 100, lower_threshold: 50 });
    expect(observed.resources.filter((r) => r.type === 'ipvs_service')).toHaveLength(25);
    expect(observed.resources.some((r) => r.type === 'address' && r.id === 'lo/127.0.0.1')).toBe(true);
    expect(observed.resources.find((r) => r.type === 'sysctl')?.attrs).toEqual({ name: 'net.ipv4.ip_forward', value: expect.stringMatching(/^[01]$/) });
    expect(observed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns "Can\'t initialize ipvs" into an error naming the host and the fix', () => {
    const out = run('director', [], join(root, 'absent.json'), fakeIpvsadm('no-ipvs'));
    const { observed, diagnostics } = parseHostRead('lvs-dr', 'director', out);
    expect(observed.stateRecord).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', summary: 'IPVS is not available on director "lvs-dr"' });
    expect(diagnostics[0]!.detail).toContain('modprobe ip_vs');
    expect(diagnostics[0]!.detail).toContain("Can't initialize ipvs");
  });

  it('reports the real ipvsadm of this machine, whose kernel has no IPVS', () => {
    const out = run('director', [], join(root, 'absent.json'));
    const { observed, diagnostics } = parseHostRead('lvs-dr', 'director', out);
    expect(observed.missingIpvsadm).toBe(false);
    expect(diagnostics.map((d) => d.summary)).toEqual(['IPVS is not available on director "lvs-dr"']);
    expect(diagnostics[0]!.detail).toMatch(/exited with status 2: [^]*Can't initialize ipvs/);
  });

  it('reads a real server without touching ipvsadm, and reports a corrupt state record', () => {
    const statePath = join(root, 'bad.json');
    writeFileSync(statePath, '{"version": 3}');
    const out = run('realserver', ['net.ipv4.conf.lo.arp_ignore'], statePath, fakeIpvsadm('no-ipvs'));
    const { observed, diagnostics } = parseHostRead('lvs01', 'realserver', out, { stateRecordPath: statePath });
    expect(observed.resources.some((r) => r.type.startsWith('ipvs'))).toBe(false);
    expect(observed.missingIpvsadm).toBe(false);
    expect(diagnostics.map((d) => d.summary)).toEqual(['The lvsplan state record on host "lvs01" is not valid']);
    expect(diagnostics[0]!.detail).toContain('version 3 is not supported (expected 1 or 2)');
  });
});

describe('parseHostRead on fake output', () => {
  const section = (name: string, stdout: string, rc = 0, stderr = '') =>
    `@@lvsplan:begin ${name}\n${stdout}\n@@lvsplan:stderr ${name}\n${stderr}\n@@lvsplan:end ${name} ${rc}\n`;
  const full = (save: string, extra = '', state = section('state', '', 44)) =>
    section('has-ipvsadm', '/usr/sbin/ipvsadm\n') +
    section('ipvs-save', save) +
    section('ipvs-thresholds', fixture('captured/seed/ipvsadm-Ln-thresholds.txt')) +
    section('addresses', '2: eth0    inet 192.168.122.50/32 scope global eth0\\       valid_lft forever preferred_lft forever\n') +
    section('sysctls', 'V\tnet.ipv4.ip_forward\t1\n') +
    state +
    extra +
    '@@lvsplan:done\n';

  it('gives the same fingerprint for the same state and a different one after a change', () => {
    const a = parseHostRead('d', 'director', full(fixture('captured/seed/ipvsadm-Sn.txt')));
    expect(a.diagnostics).toEqual([]);
    const reordered = fixture('captured/seed/ipvsadm-Sn.txt').split('\n');
    [reordered[1], reordered[2]] = [reordered[2]!, reordered[1]!];
    const b = parseHostRead('d', 'director', full(reordered.join('\n')));
    expect(b.observed.fingerprint).toBe(a.observed.fingerprint);
    const c = parseHostRead('d', 'director', full(fixture('captured/seed/ipvsadm-Sn.txt').replace('-w 1\n-a', '-w 0\n-a')));
    expect(c.observed.fingerprint).not.toBe(a.observed.fingerprint);
  });

  it('fingerprints the state record by its text as read: the same text the same, a rewrite (a new time) different', () => {
    const record = (updatedAt: string) => section('state', stateRecordText({ ...emptyStateRecord(), originalSysctls: { 'net.ipv4.ip_forward': '0' }, updatedAt }));
    const save = fixture('captured/seed/ipvsadm-Sn.txt');
    const a = parseHostRead('d', 'director', full(save, '', record('2026-12-02T10:00:00Z')));
    expect(a.diagnostics).toEqual([]);
    expect(a.observed.stateRecord?.originalSysctls).toEqual({ 'net.ipv4.ip_forward': '0' });
    expect(parseHostRead('d', 'director', full(save, '', record('2026-12-02T10:00:00Z'))).observed.fingerprint).toBe(a.observed.fingerprint);
    expect(parseHostRead('d', 'director', full(save, '', record('2026-12-02T10:00:01Z'))).observed.fingerprint).not.toBe(a.observed.fingerprint);
    expect(parseHostRead('d', 'director', full(save)).observed.fingerprint).not.toBe(a.observed.fingerprint);
  });

  it("gives a state record's rows as configured the configuration's objects, as it gives the table's lines", () => {
    const save = fixture('captured/seed/ipvsadm-Sn.txt');
    const configured = parseHostRead('d', 'director', full(save))
      .observed.resources.filter((r) => r.type === 'ipvs_service' || r.type === 'ipvs_destination')
      .map((r) => ({ ...r, address: `virtual_server.${r.type}["${r.id}"]` }) as DesiredResource);
    const state = section('state', stateRecordText({ ...emptyStateRecord(), managed: configured.map(({ type, id, attrs, address }) => ({ type, id, attrs, address })) }));
    const { observed, diagnostics } = parseHostRead('d', 'director', full(save, '', state), { expected: expectedIpvsByHost(configured).get('d') });
    expect(diagnostics).toEqual([]);
    expect(observed.stateRecord!.managed.map((m) => m.attrs)).toEqual(configured.map((r) => r.attrs));
    for (const [i, m] of observed.stateRecord!.managed.entries()) expect(m.attrs).toBe(configured[i]!.attrs);
  });

  it('hashes the fingerprint when it is first read, and a plan written as JSON carries the same one', () => {
    const { observed } = parseHostRead('d', 'director', full(fixture('captured/seed/ipvsadm-Sn.txt')));
    const eager = fingerprintObserved(observed.resources, null, observed.missingIpvsadm);
    const plan = computePlan({ desired: [], hosts: [], observed: [observed], drainTimeouts: new Map(), mode: 'apply' });
    expect(JSON.parse(encodePlanFile(plan)).plan.fingerprints).toEqual([{ host: 'd', fingerprint: eager }]);
    expect(JSON.parse(JSON.stringify(renderJsonPlan(plan))).lvsplan.hosts).toEqual([{ name: 'd', role: null, fingerprint: eager }]);
    expect(observed.fingerprint).toBe(eager);
  });

  it('flags a director without ipvsadm', () => {
    const text = full('').replace(/(@@lvsplan:end has-ipvsadm) 0/, '$1 127').replace(/@@lvsplan:begin ipvs-save[^]*?@@lvsplan:end ipvs-thresholds 0\n/, '@@lvsplan:skip ipvs-save\n@@lvsplan:skip ipvs-thresholds\n');
    const { observed, diagnostics } = parseHostRead('lvs-dr', 'director', text);
    expect(observed.missingIpvsadm).toBe(true);
    expect(diagnostics.map((d) => d.summary)).toEqual(['ipvsadm is not installed on director "lvs-dr"']);
    expect(observed.resources.map((r) => r.type)).toEqual(['address', 'sysctl']);
  });

  it('reports truncated output: where it stops, what is missing, the last bytes, and how often it was read', () => {
    const text = full(fixture('captured/seed/ipvsadm-Sn.txt'));
    const kept = text.slice(0, text.indexOf('@@lvsplan:begin sysctls'));
    const cut = parseHostRead('d', 'director', kept, { attempts: 2 });
    expect(cut.diagnostics.map((d) => d.summary)).toEqual(['Reading host "d" returned incomplete output']);
    const detail = cut.diagnostics[0]!.detail!;
    expect(detail).toContain(`its output (${Buffer.byteLength(kept)} bytes) stops after the section addresses.`);
    expect(detail).toContain('Missing: sysctls (never began), state (never began), the closing marker.');
    expect(detail).toContain(`The last bytes that arrived: ${JSON.stringify(kept.slice(-120))}`);
    expect(detail).toContain('It was read 2 times and cut every time.');
    // What did arrive is still read.
    expect(cut.observed.resources.map((r) => r.type)).toContain('address');
  });

  it('names a section that began but never ended, and one whose end has no status', () => {
    const text = full(fixture('captured/seed/ipvsadm-Sn.txt'));
    const midSysctls = parseHostRead('d', 'director', text.slice(0, text.indexOf('@@lvsplan:stderr sysctls')));
    expect(midSysctls.diagnostics[0]!.detail).toContain('Missing: sysctls (began, but its end marker never arrived), state (never began), the closing marker.');
    expect(midSysctls.diagnostics[0]!.detail).not.toContain('read 2 times');
    const noStatus = parseHostRead('d', 'director', text.replace('@@lvsplan:end sysctls 0', '@@lvsplan:end sysctls sh: Cannot fork'));
    expect(noStatus.diagnostics[0]!.detail).toContain('is readable only up to the end of the section addresses.');
    expect(noStatus.diagnostics[0]!.detail).toContain('Missing: sysctls (ended without an exit status).');
  });

  it('reports ipvsadm output it cannot understand as an error', () => {
    const r = parseHostRead('d', 'director', full('-A -t 192.168.122.50:80 -s rr --future-option\n'));
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', summary: 'Cannot understand `ipvsadm -Sn` on host "d"' });
  });
});
