import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprintObserved, recordDigest } from '../../providers/host-fingerprint.js';
import type { ResourceInstance } from '../../src/model/resource.js';

const svc: ResourceInstance = {
  host: 'd',
  type: 'ipvs_service',
  id: 'tcp/10.0.0.1:80',
  attrs: { family: 'inet', protocol: 'tcp', address: '10.0.0.1', port: 80, fwmark: null, scheduler: 'wlc', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: ['sh-port', 'sh-fallback'] },
};
const dest: ResourceInstance = {
  host: 'd',
  type: 'ipvs_destination',
  id: 'tcp/10.0.0.1:80/10.200.0.1:8080',
  attrs: { service: 'tcp/10.0.0.1:80', address: '10.200.0.1', port: 8080, forwarding: 'nat', weight: 1, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null },
};

describe('fingerprintObserved', () => {
  it('is the sha256 of each resource key and canonical attributes, sorted by key, then the record', () => {
    const lines = [dest, svc].map((r) => `${r.host}\u0000${r.type}\u0000${r.id}\u0000${canonicalJson(r.attrs)}\n`).sort();
    const want = createHash('sha256').update(lines.join('')).update(canonicalJson({ stateRecord: null, missingIpvsadm: false })).digest('hex');
    expect(fingerprintObserved([svc, dest], null)).toBe(want);
  });

  it('does not depend on the order resources were read in or the order of their attributes', () => {
    const reordered = { ...dest, attrs: Object.fromEntries(Object.entries(dest.attrs).reverse()) } as ResourceInstance;
    expect(fingerprintObserved([reordered, svc], null)).toBe(fingerprintObserved([svc, dest], null));
  });

  it('changes with any attribute, the state record and a missing ipvsadm', () => {
    const base = fingerprintObserved([svc, dest], null);
    expect(fingerprintObserved([svc, { ...dest, attrs: { ...dest.attrs, weight: 2 } } as ResourceInstance], null)).not.toBe(base);
    expect(fingerprintObserved([{ ...svc, attrs: { ...svc.attrs, scheduler_flags: ['sh-port'] } } as ResourceInstance, dest], null)).not.toBe(base);
    expect(fingerprintObserved([svc, dest], null, true)).not.toBe(base);
    expect(fingerprintObserved([svc, dest], recordDigest('{"version":2}\n'))).not.toBe(base);
    expect(fingerprintObserved([svc, dest], recordDigest('{"version":2}\n'))).not.toBe(fingerprintObserved([svc, dest], recordDigest('{"version":2} \n')));
  });

  it('digests the state record as its text: sha256 hex', () => {
    expect(recordDigest('abc')).toBe(createHash('sha256').update('abc').digest('hex'));
  });
});
