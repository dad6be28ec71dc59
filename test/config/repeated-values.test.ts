import { describe, expect, it } from 'vitest';
import { decode, decodeOk, HOSTS } from './helpers.js';

/** Two services of one for_each, each with a dynamic backend per element of `list`, labelled by `labels`. */
const cluster = (labels: string, list = '["10.0.0.21", "10.0.0.22"]', more = '') => `${HOSTS}
virtual_server "svc" {
  for_each = { a = "10.0.0.50", b = "10.0.0.51" }
  director = "d"
  address  = each.value
  port       = 80
  forwarding = "nat"
  dynamic "backend" {
    for_each = ${list}
    iterator = b
    labels   = ${labels}
    content {
      address = b.value
      port    = 8080${more}
    }
  }
}`;
const errors = (src: string) => decode(src).diagnostics.filter((d) => d.severity === 'error');

describe('a dynamic block repeated inside a for_each', () => {
  it('names each instance by its one label, written [x], [number], ["text ${x}"] or as a list expression', () => {
    const names = (labels: string, list?: string) =>
      decodeOk(cluster(labels, list)).resources.filter((r) => r.type === 'ipvs_destination').map((r) => r.address);
    expect(names('[b.value]')).toEqual([
      'virtual_server.svc["a"].backend["10.0.0.21"]',
      'virtual_server.svc["a"].backend["10.0.0.22"]',
      'virtual_server.svc["b"].backend["10.0.0.21"]',
      'virtual_server.svc["b"].backend["10.0.0.22"]',
    ]);
    expect(names('[b.key]')).toEqual(['virtual_server.svc["a"].backend["0"]', 'virtual_server.svc["a"].backend["1"]', 'virtual_server.svc["b"].backend["0"]', 'virtual_server.svc["b"].backend["1"]']);
    expect(names('["rs-${b.key}"]').slice(0, 2)).toEqual(['virtual_server.svc["a"].backend["rs-0"]', 'virtual_server.svc["a"].backend["rs-1"]']);
    expect(names('[for x in [b.value] : x]').slice(0, 1)).toEqual(['virtual_server.svc["a"].backend["10.0.0.21"]']);
  });

  it('refuses labels that are not one text, at the labels expression', () => {
    for (const labels of ['[b.value, "x"]', '[]']) {
      const e = errors(cluster(labels));
      expect(e.map((d) => d.summary)).toEqual(['Invalid dynamic labels', 'Invalid dynamic labels', 'Invalid dynamic labels', 'Invalid dynamic labels']);
      expect(e[0]!.detail).toContain('exactly one label');
    }
    const typed = errors(cluster('[{ a = 1 }]'));
    expect(typed.map((d) => d.summary)).toContain('Incorrect attribute value type');
    expect(typed.map((d) => d.summary)).not.toContain('Invalid dynamic labels');
  });

  it('gives each instance its own value and the place it was written, also when instances share values', () => {
    const src = cluster('[b.value]');
    const d = decode(src);
    const backends = d.decl!.virtualServers.flatMap((vs) => vs.backends);
    expect(backends.map((b) => b.ip?.v)).toEqual(['10.0.0.21', '10.0.0.22', '10.0.0.21', '10.0.0.22']);
    const at = src.indexOf('b.value\n');
    for (const b of backends) expect([b.ip!.r.start.byte, b.ip!.r.end.byte]).toEqual([at, at + 'b.value'.length]);
    expect(backends.map((b) => b.port?.v)).toEqual([8080, 8080, 8080, 8080]);
  });

  it('marks a value read from a sensitive variable in every instance, and no other value, also where values are shared', () => {
    const src = `variable "w" {
  default   = 7
  sensitive = true
}
${cluster('[b.value]', undefined, '\n      weight = b.key == 0 ? var.w : 1\n      upper_threshold = 100')}`;
    const d = decodeOk(src).resources.filter((r) => r.type === 'ipvs_destination');
    expect(d.map((r) => [r.attrs.weight, r.attrs.upper_threshold, r.sensitive])).toEqual([
      [7, 100, ['weight']],
      [1, 100, ['weight']],
      [7, 100, ['weight']],
      [1, 100, ['weight']],
    ]);
  });

  it('still locates values correctly when one place gives more values than are shared', () => {
    const many = `[${Array.from({ length: 80 }, (_, i) => `"10.0.1.${i + 1}"`).join(', ')}]`;
    const backends = decode(cluster('[b.value]', many)).decl!.virtualServers.flatMap((vs) => vs.backends);
    expect(backends).toHaveLength(160);
    expect(backends.map((b) => b.ip?.v)).toEqual([...Array.from({ length: 80 }, (_, i) => `10.0.1.${i + 1}`), ...Array.from({ length: 80 }, (_, i) => `10.0.1.${i + 1}`)]);
  });

  it('decodes backends that read nothing of their instance once, for every instance; those that do, per instance', () => {
    const shared = decodeOk(cluster('[b.value]'));
    const vs = decode(cluster('[b.value]')).decl!.virtualServers;
    expect(vs[1]!.backends).toBe(vs[0]!.backends);
    expect(shared.resources.filter((r) => r.type === 'ipvs_destination').map((r) => r.id)).toEqual([
      'tcp:10.0.0.50:80->10.0.0.21:8080',
      'tcp:10.0.0.50:80->10.0.0.22:8080',
      'tcp:10.0.0.51:80->10.0.0.21:8080',
      'tcp:10.0.0.51:80->10.0.0.22:8080',
    ]);
    // each.* (the service's instance) in a backend, or an iterator named like it: decoded in each instance.
    const own = cluster('[b.value]', undefined, '\n      weight = each.key == "a" ? 1 : 2');
    expect(decode(own).decl!.virtualServers[1]!.backends).not.toBe(decode(own).decl!.virtualServers[0]!.backends);
    expect(decodeOk(own).resources.filter((r) => r.type === 'ipvs_destination').map((r) => r.attrs.weight)).toEqual([1, 1, 2, 2]);
    const hiding = cluster('[each.value]', '["10.0.0.21"]').replace('iterator = b', 'iterator = each').replace('address = b.value', 'address = each.value');
    const hidingVs = decode(hiding).decl!.virtualServers;
    expect(hidingVs[1]!.backends).not.toBe(hidingVs[0]!.backends);
    expect(decodeOk(hiding).resources.filter((r) => r.type === 'ipvs_destination').map((r) => r.address)).toEqual([
      'virtual_server.svc["a"].backend["10.0.0.21"]',
      'virtual_server.svc["b"].backend["10.0.0.21"]',
    ]);
  });

  it('reports a backend error of a repeated block as before, with its instances decoded one by one', () => {
    const bad = cluster('[b.value]', undefined, '\n      weight = "heavy"');
    // One per backend of each instance: every instance was decoded (the CLI shows them once: dedupeDiagnostics).
    expect(errors(bad).map((d) => d.summary)).toEqual(Array(4).fill('Incorrect attribute value type'));
  });
});
