import { describe, expect, it } from 'vitest';
import { parseStateRecord, readStateRecord } from '../../providers/host-state-record.js';
import { expectedIpvsByHost } from '../../providers/ipvs/expected.js';
import { ReadBytes } from '../../providers/read-bytes.js';
import { recordInWriterLayout } from '../../providers/state-record-layout.js';
import type { DesiredResource } from '../../src/model/resource.js';
import { stateRecordText } from '../../src/model/state-record-file.js';
import type { ManagedEntry, StateRecord } from '../../src/model/state-record.js';

const service = (i: number) => ({ family: 'inet', protocol: 'tcp', address: `10.0.0.${i + 1}`, port: 80, fwmark: null, scheduler: 'wlc', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] });
const destination = (i: number, j: number, over: object = {}) => ({ service: `tcp:10.0.0.${i + 1}:80`, address: `10.200.0.${j + 1}`, port: 8080, forwarding: 'nat', weight: 1, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null, ...over });

/** A director's objects as configured (with their configuration addresses; the destinations' real servers), as its record lists them after an apply. */
function configuredEntries(services: number, backends: number): ManagedEntry[] {
  const out: ManagedEntry[] = [];
  for (let i = 0; i < services; i++) {
    out.push({ type: 'ipvs_service', id: `tcp:10.0.0.${i + 1}:80`, attrs: service(i), address: `virtual_server.svc["s${i}"]` });
    for (let j = 0; j < backends; j++) {
      const d = destination(i, j);
      out.push({ type: 'ipvs_destination', id: `${d.service}->${d.address}:8080`, attrs: d, address: `virtual_server.svc["s${i}"].backend["rs${j}"]`, ...(j % 2 === 0 ? { realserver: `rs${j}` } : {}) });
    }
  }
  return out;
}
const configured = expectedIpvsByHost(configuredEntries(3, 4).map((e) => ({ ...structuredClone(e), host: 'd' }) as DesiredResource)).get('d')!;

const record = (managed: ManagedEntry[]): StateRecord => ({
  version: 1,
  managed: [{ type: 'sysctl', id: 'net.ipv4.ip_forward', attrs: { name: 'net.ipv4.ip_forward', value: '1' } }, ...managed],
  originalSysctls: { 'net.ipv4.ip_forward': '0' },
  updatedAt: '2026-12-02T22:00:00.000Z',
});
const written = stateRecordText(record(configuredEntries(3, 4)));

/** What a reader of the record sees of it: its entries' fields (an entry may be a configured object, with more of its own). */
const seen = (r: StateRecord | string) =>
  typeof r === 'string' ? r : { ...r, managed: r.managed.map((e) => ({ type: e.type, id: e.id, attrs: { ...e.attrs }, ...(e.address !== undefined ? { address: e.address } : {}), ...(e.realserver !== undefined ? { realserver: e.realserver } : {}) })) };

/** The text as a host's output arrives: in pieces of `size` bytes, so lines run across pieces. */
const pieces = (text: string, size: number): ReadBytes => {
  const b = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return ReadBytes.of(out);
};

describe('a state record laid out as lvsplan writes it', () => {
  it("is read a line at a time: a configured destination's row is not parsed, and the record is the one the whole text gives", () => {
    const laid = recordInWriterLayout(pieces(written, 1 << 16), configured);
    expect(laid?.configured.map((e) => e.id)).toEqual(configuredEntries(3, 4).filter((e) => e.type === 'ipvs_destination').map((e) => e.id));
    for (const e of laid!.configured) expect(e).toBe(configured.destination(e.attrs.service as string, e.attrs.address as string, 8080));
    for (const size of [1 << 16, 7, 1]) expect(seen(readStateRecord(pieces(written, size), configured))).toEqual(seen(parseStateRecord(written, configured)));
  });

  const rowOf = (id: string) => (text: string) => text.split('\n').find((l) => l.includes(`"${id.split('->')[0]}","${id.split('->')[1]!.split(':')[0]}",8080`))!;
  const changes: Array<[string, (text: string) => string, number | null]> = [
    ['a row with a value of its own (parsed, checked)', (t) => t.replace(rowOf('tcp:10.0.0.2:80->10.200.0.3:8080')(t), rowOf('tcp:10.0.0.2:80->10.200.0.3:8080')(t).replace(',1,0,0,', ',5,0,0,')), 11],
    ['a row with another configuration address', (t) => t.replace('backend[\\"rs1\\"]"', 'backend[\\"other\\"]"'), 11],
    ['a row without its real server', (t) => t.replace(rowOf('tcp:10.0.0.1:80->10.200.0.1:8080')(t), rowOf('tcp:10.0.0.1:80->10.200.0.1:8080')(t).replace('"rs0"', 'null')), 11],
    ['a row of an object not configured', (t) => t.replace('"10.200.0.4",8080', '"10.200.0.9",8080'), 11],
    ['a row of an invalid weight', (t) => t.replace(rowOf('tcp:10.0.0.3:80->10.200.0.4:8080')(t), rowOf('tcp:10.0.0.3:80->10.200.0.4:8080')(t).replace(',1,0,0,', ',-1,0,0,')), 11],
    ['a row written with white space', (t) => t.replace('"nat",1,0,0', '"nat", 1, 0, 0'), 11],
    ['a row with an escaped character', (t) => t.replace('"nat",1,0,0', '"\\u006eat",1,0,0'), 11],
    ['a row that is a number', (t) => t.replace(rowOf('tcp:10.0.0.2:80->10.200.0.1:8080')(t), '7,'), 11],
    ['a row that is an empty list', (t) => t.replace(rowOf('tcp:10.0.0.2:80->10.200.0.1:8080')(t), '[],'), 11],
    ['a row with a value nested deep', (t) => t.replace('"nat",1,0,0', `"nat",${'['.repeat(100)}${']'.repeat(100)},0,0`), 11],
    ['a row with a value too many', (t) => t.replace('"nat",1,0,0', '"nat",1,1,0,0'), 11],
    ['group attribute names in another order', (t) => t.replace('"service","address","port"', '"address","service","port"'), 0],
    ['group attribute names without one', (t) => t.replace(',"tunnel_checksum"]', ']'), 0],
    ['a row split over two lines', (t) => t.replace('"nat",1,0,0', '"nat",\n1,0,0'), null],
    ['two rows on one line', (t) => t.replace(/\],\n\["virtual_server.svc\[\\"s1\\"\].backend/, '],["virtual_server.svc[\\"s1\\"].backend'), null],
    ['CRLF line ends', (t) => t.replace(/\n/g, '\r\n'), null],
    ['the whole record indented', (t) => `${JSON.stringify(JSON.parse(t), null, 2)}\n`, null],
    ['no newline at the end', (t) => t.slice(0, -1), 12],
    ['a line after the end', (t) => `${t}\n`, null],
    ['something after the end', (t) => `${t}x`, null],
    ['the text cut short', (t) => t.slice(0, t.length / 2), null],
    ['a head without members', (t) => t.replace(/^\{"version":2,"updatedAt":"[^"]*","originalSysctls":\{[^}]*\}/, '{'), null],
    ['a group without a type', (t) => t.replace('{"type":"ipvs_destination","attributes":', '{"x":'), 0],
    ['a group header without members', (t) => t.replace(/\{"type":"ipvs_destination","attributes":\[[^\]]*\]/, '{'), null],
    ['version 1 laid out as version 2', (t) => t.replace('{"version":2', '{"version":1'), null],
    ['an empty record', () => stateRecordText({ version: 1, managed: [], originalSysctls: {} }), null],
    ['a key "managed" in the head', (t) => t.replace('{"version":2', '{"managed":7,"version":2'), 12],
    ['a group with another key "entries"', (t) => t.replace('{"type":"ipvs_destination"', '{"entries":[[1]],"type":"ipvs_destination"'), 12],
  ];
  for (const [what, change, rowsConfigured] of changes) {
    it(`gives for ${what} what parsing the whole text gives${rowsConfigured === null ? ' (by parsing it whole)' : ''}`, () => {
      const text = change(written);
      expect(text).not.toBe(written);
      expect(recordInWriterLayout(pieces(text, 1 << 16), configured)?.configured.length ?? null).toBe(rowsConfigured);
      for (const size of [1 << 16, 5]) expect(seen(readStateRecord(pieces(text, size), configured))).toEqual(seen(parseStateRecord(text, configured)));
      expect(readStateRecord(pieces(text, 1 << 16), null)).toEqual(parseStateRecord(text, null));
    });
  }
});

describe('a state record changed at random', () => {
  it('reads as parsing the whole text reads it, laid out or not (2,000 texts each with a byte changed, removed or a line repeated)', () => {
    let seed = 15;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const chars = '[]{}",:\\\n 0179-x.tnul';
    let laidOut = 0;
    for (let k = 0; k < 2000; k++) {
      let text = written;
      const at = random(text.length);
      switch (random(3)) {
        case 0:
          text = text.slice(0, at) + chars[random(chars.length)] + text.slice(at + 1);
          break;
        case 1:
          text = text.slice(0, at) + text.slice(at + 1);
          break;
        default: {
          const lines = text.split('\n');
          const i = random(lines.length);
          lines.splice(i, 0, lines[i]!);
          text = lines.join('\n');
        }
      }
      if (recordInWriterLayout(pieces(text, 64), configured) !== null) laidOut++;
      expect(seen(readStateRecord(pieces(text, 64), configured))).toEqual(seen(parseStateRecord(text, configured)));
    }
    // Most changes keep the layout: the line-at-a-time reading is what is compared.
    expect(laidOut).toBeGreaterThan(1000);
  });
});
