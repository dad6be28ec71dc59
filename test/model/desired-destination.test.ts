import { describe, expect, it } from 'vitest';
import { DesiredDestination, withAttrs } from '../../src/model/desired-destination.js';
import { expectedIpvsByHost } from '../../providers/ipvs/expected.js';
import { parseIpvsSave } from '../../providers/ipvs/parse-save.js';
import { parseStateRecord, readStateRecord } from '../../providers/host-state-record.js';
import { ReadBytes } from '../../providers/read-bytes.js';
import { stateRecordText } from '../../src/model/state-record-file.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { decodeOk } from '../config/helpers.js';

const CONFIG = `
director "d" {
  connection { host = "10.0.0.1" }
  interface = "eth0"
  bind_vips = false
}
virtual_server "web" {
  director   = "d"
  address    = "10.0.0.100"
  port       = 80
  scheduler  = "wlc"
  forwarding = "nat"
  backend "10.1.0.1" {
    address = "10.1.0.1"
    port    = 8080
    weight  = 2
  }
  backend "10.1.0.2" {
    address = "10.1.0.2"
    port    = 8080
  }
}
`;
const SAVE = `-A -t 10.0.0.100:80 -s wlc
-a -t 10.0.0.100:80 -r 10.1.0.1:8080 -m -w 2
-a -t 10.0.0.100:80 -r 10.1.0.2:8080 -m -w 5
`;

const configured = () => decodeOk(CONFIG).resources.filter((r): r is DesiredDestination => r instanceof DesiredDestination);

describe('DesiredDestination', () => {
  it('is each configured destination, its id, address and attributes made from its service and its backend', () => {
    const [d1, d2] = configured();
    expect(d1!.id).toBe('tcp:10.0.0.100:80->10.1.0.1:8080');
    expect(d1!.address).toBe('virtual_server.web.backend["10.1.0.1"]');
    expect(d1!.attrs).toEqual({
      service: 'tcp:10.0.0.100:80', address: '10.1.0.1', port: 8080, forwarding: 'nat', weight: 2,
      upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null,
    });
    // Made once: comparisons by identity hold.
    expect(d1!.attrs).toBe(d1!.attrs);
    expect(d2!.attrs.weight).toBe(1);
  });

  it('is written as JSON and copied with other attributes as the plain object it stands for', () => {
    const [d1] = configured();
    const plain = { host: 'd', type: 'ipvs_destination', id: d1!.id, address: d1!.address, declRange: d1!.declRange, attrs: d1!.attrs };
    expect(JSON.parse(JSON.stringify(d1))).toEqual(JSON.parse(JSON.stringify(plain)));
    const zero = withAttrs(d1!, { ...d1!.attrs, weight: 0 });
    expect(zero).toEqual({ ...plain, attrs: { ...d1!.attrs, weight: 0 } });
    expect(d1!.attrs.weight).toBe(2);
  });

  it('is what the host read gives for a line as configured, and the plan a no-op', () => {
    const desired = decodeOk(CONFIG);
    const [d1, d2] = desired.resources.filter((r) => r instanceof DesiredDestination);
    const read = parseIpvsSave(SAVE, 'd', new Map(), expectedIpvsByHost(desired.resources).get('d')!);
    expect(read.problems).toEqual([]);
    const [svc, r1, r2] = read.resources;
    // The service and the first destination are as configured: the read's objects are the configured ones.
    expect(svc).toBe(desired.resources.find((r) => r.type === 'ipvs_service'));
    expect(r1).toBe(d1);
    // The second differs (weight 5 against 1): an object of its own.
    expect(r2).not.toBe(d2);
    expect(r2!.attrs).toMatchObject({ service: 'tcp:10.0.0.100:80', address: '10.1.0.2', port: 8080, weight: 5 });
    const plan = computePlan({ desired: desired.resources, hosts: desired.hosts, observed: [{ host: 'd', resources: read.resources, stateRecord: null, missingIpvsadm: false, fingerprint: '' }], drainTimeouts: {}, mode: 'apply', omitQuietNoOps: true });
    expect(plan.changes.filter((c) => c.type !== 'sysctl').map((c) => [c.action, c.id, c.before?.weight, c.after?.weight])).toEqual([['update', d2!.id, 5, 1]]);
  });

  it('is what a state record lvsplan wrote gives for a row as configured, and the plan then makes none of its attributes', () => {
    const managed = decodeOk(CONFIG).resources.map(({ type, id, attrs, address, realserver }) => ({ type, id, attrs, address, ...(realserver !== undefined ? { realserver } : {}) }));
    const text = stateRecordText({ version: 1, managed, originalSysctls: {} });
    const desired = decodeOk(CONFIG);
    const [d1, d2] = desired.resources.filter((r) => r instanceof DesiredDestination);
    const expected = expectedIpvsByHost(desired.resources).get('d')!;
    const record = readStateRecord(ReadBytes.of(text), expected);
    if (typeof record === 'string') throw new Error(record);
    expect(record.managed.filter((e) => e.type === 'ipvs_destination')).toEqual([d1, d2]);
    expect(record.managed.find((e) => e.type === 'ipvs_destination')).toBe(d1);
    const read = parseIpvsSave(SAVE, 'd', new Map(), expected);
    const plan = (stateRecord: typeof record) =>
      computePlan({ desired: desired.resources, hosts: desired.hosts, observed: [{ host: 'd', resources: read.resources, stateRecord, missingIpvsadm: false, fingerprint: '' }], drainTimeouts: {}, mode: 'apply', omitQuietNoOps: true });
    const changes = plan(record).changes;
    // d1 is configured, on the host and recorded as it is: nothing made it attributes.
    expect(Reflect.get(d1!, 'made')).toBeNull();
    expect(JSON.parse(JSON.stringify(changes))).toEqual(JSON.parse(JSON.stringify(plan(parseStateRecord(text) as typeof record).changes)));
    expect(changes.filter((c) => c.type !== 'sysctl').map((c) => [c.action, c.id, c.before?.weight, c.after?.weight, c.recorded?.weight])).toEqual([['update', d2!.id, 5, 1, 1]]);
  });
});
