import { describe, expect, it } from 'vitest';
import { backendAddress, backendId, resolveConfig } from '../../src/config/resolve.js';
import { decode, decodeOk, HOSTS } from './helpers.js';

/** The services of one for_each over `items` (three unless given), with `body` inside the virtual_server. */
const services = (body: string, items = '{ a = "10.0.0.50", b = "10.0.0.51", c = "10.0.0.52" }', director = 'director = "d"') => `${HOSTS}
virtual_server "svc" {
  for_each = ${items}
  ${director}
  ${body}
  backend "r1" {}
}`;
const summaries = (src: string) => decode(src).diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
const serviceAttrs = (src: string) => decodeOk(src).resources.filter((r) => r.type === 'ipvs_service').map((r) => r.attrs);

describe('the instances of a repeated virtual_server', () => {
  it('share what reads nothing of the instance and decode the rest per instance, each value at its place', () => {
    const src = services('address = each.value\n  port = 80\n  scheduler = "wrr"\n  persistence {\n    timeout = "5m"\n  }');
    const vs = decode(src).decl!.virtualServers;
    expect(vs.map((s) => [s.address, s.vip?.v, s.port?.v, s.scheduler.v, s.persistence?.timeout.v])).toEqual([
      ['virtual_server.svc["a"]', '10.0.0.50', 80, 'wrr', 300],
      ['virtual_server.svc["b"]', '10.0.0.51', 80, 'wrr', 300],
      ['virtual_server.svc["c"]', '10.0.0.52', 80, 'wrr', 300],
    ]);
    expect(vs[2]!.directors).toBe(vs[0]!.directors);
    expect(vs[2]!.persistence).toBe(vs[0]!.persistence);
    expect(vs[2]!.vip).not.toBe(vs[0]!.vip);
    const at = src.indexOf('each.value\n');
    for (const s of vs) expect([s.vip!.r.start.byte, s.vip!.r.end.byte]).toEqual([at, at + 'each.value'.length]);
  });

  it('decode per instance every argument that reads it, whichever field it decides', () => {
    const items = '{ a = { p = 80, s = "rr", f = "nat" }, b = { p = 81, s = "wlc", f = "dr" } }';
    const src = services('address = "10.0.0.50"\n  port = each.value.p\n  scheduler = each.value.s\n  forwarding = each.value.f', items, 'directors = [for d in [each.key] : "d"]');
    expect(serviceAttrs(src).map((a) => [a.port, a.scheduler])).toEqual([[80, 'rr'], [81, 'wlc']]);
    expect(decode(src).decl!.virtualServers.map((s) => [s.forwarding.v, s.directors.map((d) => d.v)])).toEqual([['nat', ['d']], ['dr', ['d']]]);
  });

  it('decode blocks that read the instance, a fwmark that does, and a dynamic one whose iterator is named local, per instance', () => {
    const persistence = services('address = each.value\n  port = 80\n  persistence {\n    timeout = each.key == "a" ? "1m" : "2m"\n  }');
    expect(serviceAttrs(persistence).map((a) => a.persistence_timeout)).toEqual([60, 120, 120]);
    const fwmark = services('fwmark = each.key == "a" ? 1 : 2\n  vips = ["10.0.0.50"]', '{ a = 1, b = 2 }');
    expect(serviceAttrs(fwmark).map((a) => a.fwmark)).toEqual([1, 2]);
    const local = `${HOSTS}
locals {
  value = 90
}
dynamic "virtual_server" {
  for_each = { a = 80, b = 81 }
  iterator = local
  labels   = ["web-\${local.key}"]
  content {
    director = "d"
    address  = "10.0.0.50"
    port     = local.value
    backend "r1" {}
  }
}`;
    expect(serviceAttrs(local).map((a) => a.port)).toEqual([80, 81]);
  });

  it('report the errors of each instance in the order a whole decode gives them', () => {
    const bad = services('address = each.key == "b" ? "10.0.0" : each.value\n  port = each.key == "a" ? 80 : "x"');
    expect(decode(bad).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.summary, d.detail.slice(0, 12)])).toEqual([
      ['Invalid IP address', '"10.0.0" is '],
      ['Incorrect attribute value type', 'Inappropriat'],
      ['Incorrect attribute value type', 'Inappropriat'],
    ]);
    // An error in the first instance: every instance is decoded whole, as before.
    expect(summaries(services('address = each.value\n  port = 80\n  forwarding = each.key == "a" ? "bogus" : "nat"'))).toEqual(['Invalid forwarding method']);
    expect(summaries(services('address = each.value\n  port = 80\n  scheduler_flags = "x"'))).toEqual(Array(3).fill('Incorrect attribute value type'));
  });
});

describe('the backends of a repeated virtual_server, checked by the rules', () => {
  /** Three instances, each with its port and address from `items`, and the backend `backend`. */
  const checked = (items: string, backend: string, forwarding = 'each.value.f') => `${HOSTS}
virtual_server "svc" {
  for_each   = ${items}
  director   = "d"
  address    = each.value.a
  port       = each.value.p
  forwarding = ${forwarding}
  backend "r1" {
    ${backend}
  }
}`;
  const errors = (src: string) => decode(src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary} @${d.subject?.start.line}:${d.detail.slice(0, 26)}`);

  it('are resolved once for the instances whose service facts agree, and apart where they differ', () => {
    const items = '{ a = { a = "10.0.0.50", p = 80, f = "dr" }, b = { a = "10.0.0.51", p = 80, f = "dr" }, c = { a = "10.0.0.52", p = 81, f = "dr" }, d = { a = "10.0.0.53", p = 80, f = "nat" } }';
    const r = decode(checked(items, ''));
    const services = resolveConfig(r.decl!).services;
    for (const s of services) expect(s.decl.backends).toBe(services[0]!.decl.backends);
    expect(services[1]!.backends).toBe(services[0]!.backends);
    expect(new Set(services.map((s) => s.backends)).size).toBe(3);
    expect(services.map((s) => s.backends.map((b) => [backendAddress(s, b), backendId(s, b), b.port, b.forwarding]))).toEqual([
      [['virtual_server.svc["a"].backend["r1"]', 'tcp:10.0.0.50:80->10.0.0.11:80', 80, 'dr']],
      [['virtual_server.svc["b"].backend["r1"]', 'tcp:10.0.0.51:80->10.0.0.11:80', 80, 'dr']],
      [['virtual_server.svc["c"].backend["r1"]', 'tcp:10.0.0.52:81->10.0.0.11:81', 81, 'dr']],
      [['virtual_server.svc["d"].backend["r1"]', 'tcp:10.0.0.53:80->10.0.0.11:80', 80, 'nat']],
    ]);
    // The resources made of the shared backends are each instance's own.
    const destinations = r.desired!.resources.filter((x) => x.type === 'ipvs_destination');
    expect(destinations.map((x) => [x.address, x.id, x.attrs.service])).toEqual([
      ['virtual_server.svc["a"].backend["r1"]', 'tcp:10.0.0.50:80->10.0.0.11:80', 'tcp:10.0.0.50:80'],
      ['virtual_server.svc["b"].backend["r1"]', 'tcp:10.0.0.51:80->10.0.0.11:80', 'tcp:10.0.0.51:80'],
      ['virtual_server.svc["c"].backend["r1"]', 'tcp:10.0.0.52:81->10.0.0.11:81', 'tcp:10.0.0.52:81'],
      ['virtual_server.svc["d"].backend["r1"]', 'tcp:10.0.0.53:80->10.0.0.11:80', 'tcp:10.0.0.53:80'],
    ]);
  });

  it('are checked again in every instance when the first one is diagnosed', () => {
    const items = '{ a = { a = "10.0.0.50", p = 80, f = "nat" }, b = { a = "10.0.0.51", p = 80, f = "nat" }, c = { a = "10.0.0.52", p = 80, f = "nat" } }';
    expect(errors(checked(items, 'weight = -1'))).toEqual(Array(3).fill('Weight out of range @22:Weights are 0..2147483647 '));
  });

  it('are checked in the instances whose port, forwarding or family differ from the first, clean, one', () => {
    const port = '{ a = { a = "10.0.0.50", p = 8080, f = "dr" }, b = { a = "10.0.0.51", p = 8080, f = "dr" }, c = { a = "10.0.0.52", p = 80, f = "dr" } }';
    expect(errors(checked(port, 'port = 8080'))).toEqual(['Backend port differs from the service port @22:With forwarding = "dr" the']);
    const forwarding = '{ a = { a = "10.0.0.50", p = 80, f = "tunnel" }, b = { a = "10.0.0.51", p = 80, f = "nat" } }';
    expect(errors(checked(forwarding, 'tunnel {\n      type = "ipip"\n    }'))).toEqual(['Tunnel options conflict with forward method @22:A tunnel block needs forwa']);
    const family = '{ a = { a = "10.0.0.50", p = 80, f = "dr" }, b = { a = "2001:db8::1", p = 80, f = "dr" } }';
    expect(errors(checked(family, ''))).toEqual(['Backend address family differs from the service @21:The service is IPv6 but ba']);
  });
});
