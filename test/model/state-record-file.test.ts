import { describe, expect, it } from 'vitest';
import { parseStateRecord } from '../../providers/host-state-record.js';
import { ATTR_NAMES } from '../../src/model/schema/index.js';
import { stateRecordText } from '../../src/model/state-record-file.js';
import type { ManagedEntry, StateRecord } from '../../src/model/state-record.js';

const service = (i: number) => ({ family: 'inet', protocol: 'tcp', address: `10.0.${i >> 8}.${i & 255}`, port: 80, fwmark: null, scheduler: 'wlc', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] });
const destination = (i: number, j: number) => ({ service: `tcp:10.0.${i >> 8}.${i & 255}:80`, address: `10.200.0.${j + 1}`, port: 8080, forwarding: 'nat', weight: 1 + j, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null });

/** A director's record as apply keeps it: a sysctl, `n` services of 10 destinations each, and a real server's bound VIP. */
function record(n: number): StateRecord {
  const managed: ManagedEntry[] = [{ type: 'sysctl', id: 'net.ipv4.ip_forward', attrs: { name: 'net.ipv4.ip_forward', value: '1' }, address: 'director.d.sysctl["net.ipv4.ip_forward"]' }];
  for (let i = 0; i < n; i++) {
    managed.push({ type: 'ipvs_service', id: `tcp:${service(i).address}:80`, attrs: service(i), address: `virtual_server.svc["s${i}"]` });
    for (let j = 0; j < 10; j++) {
      const d = destination(i, j);
      managed.push({ type: 'ipvs_destination', id: `${d.service}->${d.address}:8080`, attrs: d, address: `virtual_server.svc["s${i}"].backend["${d.address}"]`, realserver: `rs${j}` });
    }
  }
  managed.push({ type: 'address', id: 'lo/192.168.122.50', attrs: { interface: 'lo', address: '192.168.122.50', prefix_length: 32, family: 'inet' } });
  return { version: 1, managed, originalSysctls: { 'net.ipv4.ip_forward': '0' }, updatedAt: '2026-12-02T13:00:00.000Z' };
}

/** The same entries grouped by type, in the order each type first appears: how version 2 keeps them. */
const byType = (r: StateRecord): ManagedEntry[] => {
  const order = [...new Set(r.managed.map((m) => m.type))];
  return order.flatMap((t) => r.managed.filter((m) => m.type === t));
};

describe('the state record file (version 2)', () => {
  it('reads back what it wrote: the same entries, ids and originals', () => {
    const r = record(20);
    const back = parseStateRecord(stateRecordText(r));
    expect(back).toEqual({ ...r, managed: byType(r) });
  });

  it("writes an attribute an entry lacks as null, which a missing attribute means", () => {
    const r: StateRecord = { version: 1, managed: [{ type: 'sysctl', id: 'net.ipv4.ip_forward', attrs: { name: 'net.ipv4.ip_forward' } as never }], originalSysctls: {} };
    const text = stateRecordText(r);
    expect(text).toContain('[null,null,"net.ipv4.ip_forward",null]');
  });

  it("stores no ids and no attribute names per entry: one row per line under the type's names, a third of version 1's size or less", () => {
    const r = record(100);
    const text = stateRecordText(r);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('['))).toHaveLength(r.managed.length);
    expect(text).not.toContain('"id"');
    expect(text).toContain(`"attributes":${JSON.stringify(ATTR_NAMES.ipvs_destination)}`);
    const version1 = `${JSON.stringify(r, null, 2)}\n`;
    expect(text.length * 3).toBeLessThan(version1.length);
  });

  it('still reads version 1 (an object per entry, indented), as lvsplan wrote it before', () => {
    const r = record(3);
    expect(parseStateRecord(`${JSON.stringify(r, null, 2)}\n`)).toEqual(r);
  });

  it('writes an empty record that reads back empty', () => {
    const r: StateRecord = { version: 1, managed: [], originalSysctls: {} };
    expect(parseStateRecord(stateRecordText(r))).toEqual(r);
  });
});
