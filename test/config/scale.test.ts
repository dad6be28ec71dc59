import { expect, it } from 'vitest';
import { decodeOk } from './helpers.js';

/** 10,000 services with 10 backends each (100,000 destinations), written with repetition in a few lines. */
export function scaleConfig(services: number, backendsPer: number): string {
  return `
director "d" {
  connection { host = "10.0.0.1" }
  interface = "eth0"
}
locals {
  # range() stops at 1024 values (as in Terraform), so the index space is built from two ranges.
  ids      = flatten([for a in range(${services / 100}) : [for b in range(100) : a * 100 + b]])
  services = { for i in local.ids : "s\${i}" => { port = 1000 + i } }
  backends = [for j in range(${backendsPer}) : "10.1.0.\${j + 1}"]
}
virtual_server "svc" {
  for_each   = local.services
  director   = "d"
  address    = "10.0.0.100"
  port       = each.value.port
  forwarding = "nat"
  dynamic "backend" {
    for_each = local.backends
    iterator = b
    labels   = [b.value]
    content {
      address = b.value
      weight  = b.key + 1
    }
  }
}
`;
}

it('decodes 10,000 services and 100,000 backends written with repetition', () => {
  const d = decodeOk(scaleConfig(10_000, 10));
  const count = (t: string) => d.resources.filter((r) => r.type === t).length;
  expect(count('ipvs_service')).toBe(10_000);
  expect(count('ipvs_destination')).toBe(100_000);
  expect(new Set(d.resources.map((r) => `${r.host} ${r.type} ${r.id}`)).size).toBe(d.resources.length);
  const last = d.resources.find((r) => r.address === 'virtual_server.svc["s9999"].backend["10.1.0.10"]')!;
  expect(last.id).toBe('tcp:10.0.0.100:10999->10.1.0.10:10999');
  expect(last.attrs.weight).toBe(10);
}, 60_000);
