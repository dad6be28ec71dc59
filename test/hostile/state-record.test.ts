import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHostReadScript, parseHostRead } from '../../providers/host-read.js';
import { parseStateRecord } from '../../providers/host-state-record.js';

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const service = { family: 'inet', protocol: 'tcp', address: '192.168.122.50', port: 80, fwmark: null, scheduler: 'rr', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] };
const record = (over: object) => JSON.stringify({ version: 1, managed: [{ type: 'ipvs_service', id: 'tcp:192.168.122.50:80', attrs: service }], originalSysctls: { 'net.ipv4.conf.all.arp_ignore': '0' }, ...over });
/** A version 2 record: one service row under the schema's attribute names, changed by `row` or `group`. */
const SERVICE_NAMES = Object.keys(service);
const record2 = ({ names = SERVICE_NAMES, row = [null, null, ...Object.values(service)] as unknown[], group = {} as object } = {}) =>
  JSON.stringify({ version: 2, originalSysctls: {}, managed: [{ type: 'ipvs_service', attributes: names, entries: [row], ...group }] });
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** The real read script, run with sh against a state record file, as a real server would run it. */
function readWithRecord(text: string) {
  const path = join(dir, `state-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  const built = buildHostReadScript({ role: 'realserver', sysctlNames: [], stateRecordPath: path });
  if (!built.ok) throw new Error(built.error);
  const [cmd, ...args] = built.value;
  return parseHostRead('lvs01', 'realserver', execFileSync(cmd!, args, { encoding: 'utf8' }), { stateRecordPath: path });
}

describe('a state record read from a host is validated fully', () => {
  it('accepts a record lvsplan writes, and one an earlier lvsplan wrote (version 1)', () => {
    expect(typeof parseStateRecord(record2())).toBe('object');
    expect(typeof parseStateRecord(record({}))).toBe('object');
  });

  const bad: Array<[string, string, RegExp]> = [
    ['attrs nested 20,000 deep', record({ managed: [{ type: 'ipvs_service', id: 'x', attrs: JSON.parse('null') }] }).replace('"attrs":null', `"attrs":${nested(20_000)}`), /nests deeper/],
    ['originals nested deep', record({}).replace('"originalSysctls":{', `"deep":${nested(20_000)},"originalSysctls":{`), /nests deeper/],
    ['attrs of the wrong type', record({ managed: [{ type: 'ipvs_service', id: 'tcp:192.168.122.50:80', attrs: { ...service, port: '80' } }] }), /port must be an integer/],
    ['a weight out of range', record({ managed: [{ type: 'ipvs_service', id: 'tcp:192.168.122.50:80', attrs: service }, { type: 'ipvs_destination', id: 'tcp:192.168.122.50:80->192.168.122.10:80', attrs: { service: 'tcp:192.168.122.50:80', address: '192.168.122.10', port: 80, forwarding: 'dr', weight: -1, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null } }] }), /weight/],
    ['an id its attributes do not give', record({ managed: [{ type: 'ipvs_service', id: 'tcp:10.9.9.9:80', attrs: service }] }), /not of "tcp:10.9.9.9:80"/],
    ['an unknown type', record({ managed: [{ type: 'shell', id: 'x', attrs: {} }] }), /unknown type "shell"/],
    ['a hostile original', record({ originalSysctls: { 'kernel.core_pattern': '|/bin/sh -c id' } }), /may hold only/],
    ['a prototype key as sysctl name', '{"version":1,"managed":[],"originalSysctls":{"__proto__":"1"}}', /not valid/],
    ['a version 2 row one value short', record2({ row: [null, null, ...Object.values(service).slice(1)] }), /not a list of 14 values/],
    ['a version 2 attribute the type does not have', record2({ names: [...SERVICE_NAMES.slice(0, -1), 'command'] }), /names an attribute twice or one that ipvs_service does not have/],
    ['a version 2 attribute named twice', record2({ names: [...SERVICE_NAMES.slice(0, -1), 'port'] }), /names an attribute twice/],
    ['a version 2 group of an unknown type', record2({ group: { type: 'shell' } }), /lacks a known type/],
    ['a version 2 address that is not a string', record2({ row: [7, null, ...Object.values(service)] }), /neither a string nor null/],
    ['a version 2 row without what its id is made of', record2({ row: [null, null, ...Object.values(service).map((v, k) => (SERVICE_NAMES[k] === 'address' ? null : v))] }), /entry 0 of group 0 of "managed" \(ipvs_service\): .*address/],
    ['a version 2 value of the wrong type', record2({ row: [null, null, ...Object.values(service).map((v, k) => (SERVICE_NAMES[k] === 'port' ? '80' : v))] }), /port must be an integer/],
    ['a version 2 record nested deep in a row', record2({ row: [null, null, ...Object.values(service)] }).replace('"tcp"', nested(20_000)), /nests deeper/],
    ['a hostile interface', record({ managed: [{ type: 'address', id: 'lo -x/1.2.3.4', attrs: { interface: 'lo -x', address: '1.2.3.4', prefix_length: 32, family: 'inet' } }] }), /interface/],
  ];
  for (const [what, text, reason] of bad) {
    it(`refuses ${what} with a diagnostic for that host, not an exception`, () => {
      const parsed = parseStateRecord(text);
      expect(parsed).toMatch(reason);
      const { observed, diagnostics } = readWithRecord(text);
      expect(diagnostics.map((d) => d.summary)).toEqual(['The lvsplan state record on host "lvs01" is not valid']);
      expect(observed.stateRecord).toBeNull();
      expect(observed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    });
  }
});
