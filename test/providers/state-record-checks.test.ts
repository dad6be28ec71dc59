import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseStateRecord } from '../../providers/host-state-record.js';
import { expectedIpvsByHost } from '../../providers/ipvs/expected.js';
import type { DesiredResource } from '../../src/model/resource.js';
import type { ResourceType } from '../../src/model/schema/index.js';
import { stateRecordText } from '../../src/model/state-record-file.js';
import type { ManagedEntry, StateRecord } from '../../src/model/state-record.js';

/** How often each type's attributes are checked against the schema (validateAttrs, the one rule), by every caller. */
const checks = vi.hoisted(() => new Map<string, number>());
vi.mock('../../src/model/schema/validate-attrs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/schema/validate-attrs.js')>();
  return {
    ...real,
    validateAttrs: (type: ResourceType, attrs: unknown) => {
      checks.set(type, (checks.get(type) ?? 0) + 1);
      return real.validateAttrs(type, attrs);
    },
  };
});
beforeEach(() => checks.clear());

const service = (i: number) => ({ family: 'inet', protocol: 'tcp', address: `10.0.0.${i + 1}`, port: 80, fwmark: null, scheduler: 'wlc', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] });
const destination = (i: number, j: number, over: object = {}) => ({ service: `tcp:10.0.0.${i + 1}:80`, address: `10.200.0.${j + 1}`, port: 80, forwarding: 'dr', weight: 1, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null, ...over });

/** A director's record: a sysctl, a bound VIP, `services` services of `backends` destinations each; `entries` rearranges them. */
function record(services: number, backends: number, entries = (m: ManagedEntry[]) => m): StateRecord {
  const managed: ManagedEntry[] = [
    { type: 'sysctl', id: 'net.ipv4.ip_forward', attrs: { name: 'net.ipv4.ip_forward', value: '1' } },
    { type: 'address', id: 'lo/10.0.0.1', attrs: { interface: 'lo', address: '10.0.0.1', prefix_length: 32, family: 'inet' } },
  ];
  for (let i = 0; i < services; i++) managed.push({ type: 'ipvs_service', id: `tcp:10.0.0.${i + 1}:80`, attrs: service(i) });
  for (let i = 0; i < services; i++) {
    for (let j = 0; j < backends; j++) managed.push({ type: 'ipvs_destination', id: `tcp:10.0.0.${i + 1}:80->10.200.0.${j + 1}:80`, attrs: destination(i, j) });
  }
  return { version: 1, managed: entries(managed), originalSysctls: { 'net.ipv4.ip_forward': '0' } };
}

describe("a state record's entries are each checked once", () => {
  it('one schema check per entry: a service is not checked again for each of its destinations, nor for its own command', () => {
    const text = stateRecordText(record(3, 4));
    checks.clear();
    expect(typeof parseStateRecord(text)).toBe('object');
    expect(Object.fromEntries(checks)).toEqual({ sysctl: 1, address: 1, ipvs_service: 3, ipvs_destination: 12 });
  });

  it('the same in a version 1 record, whose entries are objects', () => {
    expect(typeof parseStateRecord(JSON.stringify(record(2, 5)))).toBe('object');
    expect(Object.fromEntries(checks)).toEqual({ sysctl: 1, address: 1, ipvs_service: 2, ipvs_destination: 10 });
  });

  // The check a service's destinations share must still refuse what checking each time refused, wherever the entries stand.
  const refused: Array<[string, (m: ManagedEntry[]) => ManagedEntry[], RegExp]> = [
    [
      'a destination listed before its service, whose recorded attributes are not valid',
      (m) => [...m.filter((e) => e.type !== 'ipvs_service'), ...m.filter((e) => e.type === 'ipvs_service').map((e, i) => (i === 1 ? { ...e, attrs: { ...e.attrs, persistent: true } } : e))],
      /entry \d+ of "managed" \("tcp:10\.0\.0\.2:80->10\.200\.0\.1:80"\): a persistent service needs persistence_timeout/,
    ],
    [
      'a destination its recorded service does not allow (dr to another port)',
      (m) => m.map((e) => (e.id === 'tcp:10.0.0.2:80->10.200.0.3:80' ? { ...e, id: 'tcp:10.0.0.2:80->10.200.0.3:8080', attrs: destination(1, 2, { port: 8080 }) } : e)),
      /\("tcp:10\.0\.0\.2:80->10\.200\.0\.3:8080"\): with dr forwarding the destination port must equal the service port 80/,
    ],
    [
      'a destination whose service is not recorded and is not a service id',
      (m) => [...m, { type: 'ipvs_destination', id: 'tcp:10.0.0.9->10.200.0.1:80', attrs: destination(0, 0, { service: 'tcp:10.0.0.9' }) }],
      /its service "tcp:10\.0\.0\.9" is not a service id/,
    ],
    [
      'a second destination of that unrecorded service',
      (m) => [...m, ...[0, 1].map((j) => ({ type: 'ipvs_destination' as const, id: `tcp:10.0.0.9->10.200.0.${j + 1}:80`, attrs: destination(0, j, { service: 'tcp:10.0.0.9' }) })).reverse()],
      /entry \d+ of "managed" \("tcp:10\.0\.0\.9->10\.200\.0\.2:80"\): its service "tcp:10\.0\.0\.9" is not a service id/,
    ],
  ];
  for (const [what, entries, reason] of refused) {
    it(`refuses ${what}, in version 2 and version 1`, () => {
      const r = record(3, 4, entries);
      expect(parseStateRecord(JSON.stringify(r))).toMatch(reason);
      expect(parseStateRecord(stateRecordText(r))).toMatch(reason);
    });
  }
});

describe("a version 2 row that is the director's configured object", () => {
  /** The director's IPVS objects as configured: those of record(services, backends), changed by `over`. */
  const configured = (services: number, backends: number, over: (r: DesiredResource) => DesiredResource = (r) => r) =>
    expectedIpvsByHost(
      record(services, backends)
        .managed.filter((m) => m.type === 'ipvs_service' || m.type === 'ipvs_destination')
        .map((m) => over({ host: 'd', type: m.type, id: m.id, attrs: structuredClone(m.attrs), address: `virtual_server.${m.id}` } as DesiredResource)),
    ).get('d')!;

  it('is that object, sharing its id and attributes, and is not checked again; the rest are checked as before', () => {
    const config = configured(2, 4);
    const text = stateRecordText(record(3, 4));
    checks.clear();
    const read = parseStateRecord(text, config);
    if (typeof read === 'string') throw new Error(read);
    // 2 of the 3 services and their 8 destinations are configured.
    expect(Object.fromEntries(checks)).toEqual({ sysctl: 1, address: 1, ipvs_service: 1, ipvs_destination: 4 });
    const d = read.managed.find((m) => m.id === 'tcp:10.0.0.2:80->10.200.0.3:80')!;
    expect(d.attrs).toBe(config.destination('tcp:10.0.0.2:80', '10.200.0.3', 80)!.attrs);
    expect(read.managed.find((m) => m.id === 'tcp:10.0.0.2:80')!.attrs).toBe(config.service('tcp:10.0.0.2:80')!.attrs);
    expect(read).toEqual(parseStateRecord(text));
  });

  it('is not when one of its values differs: it keeps its own attributes, checked (and refused when they are not valid)', () => {
    const config = configured(1, 2);
    const changed = (weight: number) => record(1, 2, (m) => m.map((e) => (e.id === 'tcp:10.0.0.1:80->10.200.0.2:80' ? { ...e, attrs: destination(0, 1, { weight }) } : e)));
    const read = parseStateRecord(stateRecordText(changed(7)), config);
    if (typeof read === 'string') throw new Error(read);
    expect(read.managed.find((m) => m.id === 'tcp:10.0.0.1:80->10.200.0.2:80')!.attrs).toEqual(destination(0, 1, { weight: 7 }));
    expect(parseStateRecord(stateRecordText(changed(-1)), config)).toMatch(/\("tcp:10\.0\.0\.1:80->10\.200\.0\.2:80"\): weight must be an integer/);
  });

  it("is not when its group does not name every attribute of its type (a missing one is null), so it is refused", () => {
    const config = configured(1, 1, (r) => (r.type === 'ipvs_destination' ? { ...r, attrs: { ...r.attrs, tunnel_checksum: undefined } } : r) as DesiredResource);
    const text = stateRecordText(record(1, 1)).replace(',"tunnel_checksum"]', ']').replace(/,null\]$/m, ']');
    expect(parseStateRecord(text, config)).toMatch(/ipvs_destination attribute tunnel_checksum is missing/);
  });
});
