import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordApplied, withOriginals } from '../../src/apply/state-update.js';
import { stateRecordText } from '../../src/model/state-record-file.js';
import { STATE_WRITE_ARGV } from '../../src/apply/state-write.js';
import type { StateRecord } from '../../src/model/state-record.js';
import type { ResourceChange } from '../../src/plan/types.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { parseStateRecord } from '../../providers/host-state-record.js';
import { destAttrs, RS, serviceAttrs, SVC } from './support/cluster.js';

const change = (over: Partial<ResourceChange>): ResourceChange => ({
  address: 'x', host: 'h', type: 'ipvs_service', id: SVC, action: 'create', before: null, after: null, replacePaths: [], drift: false, phase: 2, ...over,
});
const dest = `${SVC}->${RS.lvs01}:80`;
const record: StateRecord = {
  version: 1,
  managed: [
    { type: 'ipvs_service', id: SVC, attrs: serviceAttrs() },
    { type: 'ipvs_destination', id: dest, attrs: destAttrs(RS.lvs01!) },
    { type: 'sysctl', id: 'net.ipv4.ip_forward', attrs: { name: 'net.ipv4.ip_forward', value: '1' } },
  ],
  originalSysctls: { 'net.ipv4.ip_forward': '0' },
};

describe('state record updates', () => {
  it('drops a deleted service together with its destinations, and a restored sysctl with its original', () => {
    const next = recordApplied(record, [
      change({ action: 'delete', before: serviceAttrs() }),
      change({ type: 'sysctl', id: 'net.ipv4.ip_forward', action: 'update', reason: 'restore_because_no_resource_config', after: { name: 'net.ipv4.ip_forward', value: '0' } }),
    ], 'T');
    expect(next).toEqual({ version: 1, managed: [], originalSysctls: {}, updatedAt: 'T' });
  });

  it('records adopted objects and applied attributes, not plain no-ops', () => {
    const next = recordApplied({ version: 1, managed: [], originalSysctls: {} }, [
      change({ action: 'no-op', adopted: true, after: serviceAttrs() }),
      change({ type: 'ipvs_destination', id: dest, action: 'update', before: destAttrs(RS.lvs01!), after: destAttrs(RS.lvs01!, { weight: 9 }) }),
      change({ type: 'address', id: 'eth0/1.2.3.4', action: 'no-op', after: { interface: 'eth0' } }),
    ], 'T');
    expect(next.managed.map((m) => [m.id, m.attrs.weight ?? null])).toEqual([[SVC, null], [dest, 9]]);
  });

  it('keeps the first original of a sysctl and adds only new ones', () => {
    const updates = [
      change({ type: 'sysctl', id: 'net.ipv4.ip_forward', action: 'update', before: { value: '1' }, after: { value: '0' } }),
      change({ type: 'sysctl', id: 'net.ipv4.vs.conntrack', action: 'update', before: { value: '0' }, after: { value: '1' } }),
    ];
    expect(withOriginals(record, updates)!.originalSysctls).toEqual({ 'net.ipv4.ip_forward': '0', 'net.ipv4.vs.conntrack': '0' });
    expect(withOriginals(record, updates.slice(0, 1))).toBeNull();
  });

  it('writes the record atomically through the fixed argv (real sh)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplan-state-'));
    try {
      const path = join(dir, 'lib', 'state.json');
      const argv = [...STATE_WRITE_ARGV.slice(0, 4), join(dir, 'lib'), path];
      const r = await new LocalRunner().run(argv, { stdin: stateRecordText(record) });
      expect(r.exitCode).toBe(0);
      expect(parseStateRecord(readFileSync(path, 'utf8'))).toEqual(record);
      expect(readdirSync(join(dir, 'lib'))).toEqual(['state.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
