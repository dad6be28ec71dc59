import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownHostsAfter, knownHostsBefore } from '../../src/apply/known-hosts-update.js';
import { writeKnownHosts } from '../../src/apply/known-hosts-io.js';
import type { ChangeOutcome } from '../../src/apply/result.js';
import type { KnownHost } from '../../src/model/known-hosts.js';
import type { Plan, ResourceChange } from '../../src/plan/types.js';
import { hosts } from '../plan/seed-cluster.js';

const known: KnownHost[] = hosts.map((h) => ({ name: h.name, role: h.role, connection: h.connection }));
const names = (hs: KnownHost[]) => hs.map((h) => h.name);

function plan(mode: Plan['mode'], configured: string[], targeted = false): Plan {
  return { formatVersion: '1.0', mode, changes: [], unmanaged: [], hosts, fingerprints: [], createdAt: '', knownHosts: { file: '/x/lvsplan.hosts.json', configured, targeted } };
}
const failedOn = (host: string): ChangeOutcome => ({ change: { host } as ResourceChange, status: 'failed' });

describe('which hosts lvsplan remembers', () => {
  it('before a run: every host of the plan is added, nothing is dropped', () => {
    expect(names(knownHostsBefore([], plan('apply', ['lvs-dr', 'lvs01', 'lvs02'])))).toEqual(['lvs-dr', 'lvs01', 'lvs02']);
  });

  it('a removed host is forgotten once all its changes took, kept while any failed or was skipped', () => {
    const p = plan('apply', ['lvs-dr', 'lvs01']);
    expect(names(knownHostsAfter(known, p, { failed: [], skipped: [] }))).toEqual(['lvs-dr', 'lvs01']);
    expect(names(knownHostsAfter(known, p, { failed: [failedOn('lvs02')], skipped: [] }))).toEqual(['lvs-dr', 'lvs01', 'lvs02']);
    expect(names(knownHostsAfter(known, p, { failed: [], skipped: [failedOn('lvs02')] }))).toEqual(['lvs-dr', 'lvs01', 'lvs02']);
  });

  it('destroy forgets every host it finished; -target forgets none', () => {
    expect(names(knownHostsAfter(known, plan('destroy', ['lvs-dr', 'lvs01']), { failed: [failedOn('lvs01')], skipped: [] }))).toEqual(['lvs01']);
    expect(names(knownHostsAfter(known, plan('apply', ['lvs-dr'], true), { failed: [], skipped: [] }))).toEqual(['lvs-dr', 'lvs01', 'lvs02']);
  });

  it('writes the file atomically and refuses any other file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplan-known-'));
    expect(writeKnownHosts(join(dir, 'lvsplan.hosts.json'), known.slice(0, 1))).toBeNull();
    expect(JSON.parse(readFileSync(join(dir, 'lvsplan.hosts.json'), 'utf8'))).toEqual({ version: 1, hosts: known.slice(0, 1) });
    expect(writeKnownHosts(join(dir, 'passwd'), [])).toContain('is not a lvsplan.hosts.json file');
  });
});

describe('a renamed host', () => {
  it('loses its old name after the run (it was not read into the plan)', () => {
    const p = { ...plan('apply', ['lvs-dr', 'lvs01']), hosts: hosts.slice(0, 2) };
    expect(names(knownHostsAfter(known, p, { failed: [], skipped: [] }))).toEqual(['lvs-dr', 'lvs01']);
  });
});
