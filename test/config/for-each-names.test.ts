import { describe, expect, it } from 'vitest';
import { decode, decodeOk, HOSTS } from './helpers.js';

const vs = (name: string, body: string) => `virtual_server "${name}" {
  director = "d"
${body}
  backend "r1" {}
}`;
const errors = (src: string) => decode(`${HOSTS}\n${src}`).diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);

describe('virtual_server names are unique, as Terraform resource names', () => {
  it('refuses two blocks with one name, with or without for_each', () => {
    expect(errors([vs('web', 'address = "10.0.0.50"\nport = 80'), vs('web', 'address = "10.0.0.51"\nport = 80')].join('\n'))).toEqual(['Duplicate virtual_server configuration']);
    expect(
      errors([vs('web', 'for_each = toset(["80"])\naddress = "10.0.0.50"\nport = each.key'), vs('web', 'address = "10.0.0.51"\nport = 80')].join('\n')),
    ).toEqual(['Duplicate virtual_server configuration']);
  });

  it('refuses dynamic instances whose labels collide, and names one correctly when they do not', () => {
    const dynamic = (labels: string) => `dynamic "virtual_server" {
  for_each = { a = 80, b = 81 }
  labels   = ${labels}
  content {
    director = "d"
    address  = "10.0.0.50"
    port     = virtual_server.value
    backend "r1" {}
  }
}`;
    expect(errors(dynamic('["web"]'))).toEqual(['Duplicate virtual_server configuration']);
    const ok = decodeOk(`${HOSTS}\n${dynamic('["web-${virtual_server.key}"]')}`);
    expect(ok.resources.filter((r) => r.type === 'ipvs_service').map((r) => r.address)).toEqual(['virtual_server.web-a', 'virtual_server.web-b']);
  });
});

describe('for_each takes a map or a set, never a list', () => {
  it('refuses a list as Terraform does, pointing at toset()', () => {
    const d = decode(`${HOSTS}\n${vs('web', 'for_each = ["80", "81"]\naddress = "10.0.0.50"\nport = each.key')}`).diagnostics;
    expect(d.map((x) => x.summary)).toEqual(['Invalid for_each argument']);
    expect(d[0]!.detail).toContain('must be a map, or set of strings');
    expect(d[0]!.detail).toContain('toset(');
  });

  it('accepts toset(), a set-typed variable and a map; dynamic blocks still iterate lists', () => {
    const src = `${HOSTS}
variable "ports" {
  type    = set(string)
  default = ["90", "91"]
}
${vs('a', 'for_each = toset(["80", "81"])\naddress = "10.0.0.50"\nport = each.key')}
${vs('b', 'for_each = var.ports\naddress = "10.0.0.51"\nport = each.key')}
${vs('c', 'for_each = { x = 70 }\naddress = "10.0.0.52"\nport = each.value')}
virtual_server "e" {
  director = "d"
  address  = "10.0.0.53"
  port     = 80
  dynamic "backend" {
    for_each = ["r1", "r2"]
    labels   = [backend.value]
    content {}
  }
}`;
    const services = decodeOk(src).resources.filter((r) => r.type === 'ipvs_service').map((r) => r.address);
    expect(services).toEqual(['virtual_server.a["80"]', 'virtual_server.a["81"]', 'virtual_server.b["90"]', 'virtual_server.b["91"]', 'virtual_server.c["x"]', 'virtual_server.e']);
  });
});
