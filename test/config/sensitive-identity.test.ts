import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';
import { identityOf } from '../../src/model/identity.js';
import { RESOURCE_TYPES, SCHEMAS, attrSpec } from '../../src/model/schema/index.js';
import { configDir } from '../cli/support/config-dir.js';
import { cli } from '../cli/support/run-cli.js';
import { decode, decodeOk } from './helpers.js';

const SECRET = (name: string, value: string) => `variable "${name}" {\n  default   = ${value}\n  sensitive = true\n}\n`;

const DIRECTOR = `director "d" {\n  connection { type = "local" }\n  interface = "eth0"\n}\n`;
const RS = `realserver "r1" {\n  address = "192.0.2.21"\n  connection { type = "local" }\n}\n`;

/** A virtual server with `attrs` written into it, and backends (default: one on r1). */
function vs(attrs: string, backends = 'backend "r1" {}'): string {
  return `virtual_server "web" {\n  director = "d"\n${attrs}\n  ${backends}\n}\n`;
}

/** Every error with where it points (line:col) and its summary. */
function errors(src: string): { at: string; summary: string; detail: string }[] {
  return decode(src)
    .diagnostics.filter((d: Diagnostic) => d.severity === 'error')
    .map((d) => ({ at: `${d.subject?.start.line}:${d.subject?.start.column}`, summary: d.summary, detail: d.detail ?? '' }));
}

/** The line:col of the first occurrence of `needle` in src. */
function where(src: string, needle: string): string {
  const i = src.indexOf(needle);
  const before = src.slice(0, i).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

describe('a sensitive value cannot become part of a resource identity', () => {
  const cases: [string, string, string][] = [
    ['the VIP', SECRET('vip', '"192.0.2.10"') + DIRECTOR + RS + vs('  address = var.vip\n  port = 80'), 'var.vip'],
    ['the port, through a local', SECRET('p', '80') + 'locals {\n  port = var.p + 0\n}\n' + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = local.port'), 'local.port'],
    ['the protocol', SECRET('proto', '"udp"') + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = 53\n  protocol = var.proto'), 'var.proto'],
    ['the fwmark', SECRET('m', '7') + DIRECTOR + RS + vs('  fwmark = var.m\n  vips = ["192.0.2.10"]'), 'var.m'],
    ['a fwmark service\'s vips', SECRET('v', '"192.0.2.10"') + DIRECTOR + RS + vs('  fwmark = 7\n  vips = [var.v]'), 'var.v'],
    ['a backend address', SECRET('b', '"192.0.2.30"') + DIRECTOR + vs('  address = "192.0.2.10"\n  port = 80', 'backend "x" { address = var.b }'), 'var.b'],
    ['a backend port', SECRET('b', '8080') + DIRECTOR + vs('  address = "192.0.2.10"\n  port = 80\n  forwarding = "nat"', 'backend "x" {\n    address = "192.0.2.30"\n    port = var.b\n  }'), 'var.b'],
    ['a realserver address', SECRET('a', '"192.0.2.21"') + DIRECTOR + RS.replace('"192.0.2.21"', 'var.a') + vs('  address = "192.0.2.10"\n  port = 80'), 'var.a'],
    ['the director interface', SECRET('i', '"eth0"') + DIRECTOR.replace('"eth0"', 'var.i') + RS + vs('  address = "192.0.2.10"\n  port = 80'), 'var.i'],
    ['a sysctls key', SECRET('k', '"net.ipv4.vs.conntrack"') + DIRECTOR.replace('interface', 'sysctls = { (var.k) = 1 }\n  interface') + RS + vs('  address = "192.0.2.10"\n  port = 80'), '(var.k)'],
    ['a whole sysctls map', SECRET('m', '{ "net.ipv4.vs.conntrack" = 1 }') + DIRECTOR.replace('interface', 'sysctls = var.m\n  interface') + RS + vs('  address = "192.0.2.10"\n  port = 80'), 'var.m\n'],
    ['the director named', SECRET('d', '"d"') + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = 80').replace('director = "d"', 'director = var.d'), 'var.d'],
    ['the realserver named', SECRET('r', '"r1"') + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = 80', 'backend "x" { realserver = var.r }'), 'var.r'],
    ['a sorry server', SECRET('s', '"192.0.2.99"') + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = 80\n  sorry_server { address = var.s }'), 'var.s'],
    ['a value marked with sensitive()', DIRECTOR + RS + vs('  address = sensitive("192.0.2.10")\n  port = 80'), 'sensitive('],
  ];
  it.each(cases)('%s: one diagnostic at the expression, saying why and what to do', (_what, src, expr) => {
    const errs = errors(src);
    expect(errs.map((e) => [e.at, e.summary])).toEqual([[where(src, expr), 'Sensitive value in a resource identity']]);
    expect(errs[0]!.detail).toContain('Sensitive values, or values derived from sensitive values, cannot be used here');
    expect(errs[0]!.detail).toContain('nonsensitive(');
  });

  it('nonsensitive(...) states the value may be shown: it is planned, unmarked', () => {
    const src = SECRET('vip', '"192.0.2.10"') + DIRECTOR + RS + vs('  address = nonsensitive(var.vip)\n  port = 80');
    const desired = decodeOk(src);
    const service = desired.resources.find((r) => r.type === 'ipvs_service')!;
    expect([service.attrs.address, service.sensitive]).toEqual(['192.0.2.10', undefined]);
    expect(desired.resources.find((r) => r.address === 'director.d.address["192.0.2.10/32"]')!.sensitive).toBeUndefined();
  });

  it('a sensitive sysctl value under a plain key is hidden, its key is not refused', () => {
    const src = SECRET('v', '1') + DIRECTOR.replace('interface', 'sysctls = { "net.ipv4.vs.conntrack" = var.v, "net.ipv4.vs.expire_nodest_conn" = 1 }\n  interface') + RS + vs('  address = "192.0.2.10"\n  port = 80');
    const sysctls = decodeOk(src).resources.filter((r) => r.type === 'sysctl' && r.host === 'd');
    expect(sysctls.map((r) => [r.id, r.sensitive])).toEqual([
      ['net.ipv4.vs.conntrack', ['value']],
      ['net.ipv4.vs.expire_nodest_conn', undefined],
    ]);
  });

  it('persistence timeout and netmask from a sensitive variable are hidden (they are not identity)', () => {
    const src = SECRET('t', '"5m"') + SECRET('n', '"255.255.255.0"') + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = 80\n  persistence {\n    timeout = var.t\n    netmask = var.n\n  }');
    const service = decodeOk(src).resources.find((r) => r.type === 'ipvs_service')!;
    expect([service.attrs.persistence_timeout, service.sensitive]).toEqual([300, ['persistence_timeout', 'persistence_netmask']]);
  });

  it('validate: exit 1, the diagnostic at file:line:col, and the value nowhere in the output', async () => {
    const src = SECRET('port', '8443') + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = var.port');
    const r = await cli(['validate', configDir(src)]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain('Sensitive value in a resource identity');
    expect(r.stderr + r.stdout).toContain(`main.hcl line ${where(src, 'var.port').split(':')[0]}, in virtual_server "web"`);
    expect(r.stderr + r.stdout).not.toContain('8443');
  });
});

describe('for_each over a sensitive value is refused, as Terraform refuses it', () => {
  it.each([
    ['virtual_server for_each', SECRET('m', '{ web = "192.0.2.10" }') + DIRECTOR + RS + 'virtual_server "v" {\n  for_each = var.m\n  director = "d"\n  address = each.value\n  port = 80\n  backend "r1" {}\n}\n', 'var.m\n', 'resource instance key'],
    ['backend for_each, through a local', SECRET('m', '{ x = "192.0.2.30" }') + 'locals {\n  b = { for k, v in var.m : k => v }\n}\n' + DIRECTOR + vs('  address = "192.0.2.10"\n  port = 80', 'backend "x" {\n    for_each = local.b\n    address = each.value\n  }'), 'local.b\n', 'resource instance key'],
    ['dynamic backend for_each', SECRET('m', '["192.0.2.30"]') + DIRECTOR + vs('  address = "192.0.2.10"\n  port = 80', 'dynamic "backend" {\n    for_each = var.m\n    content { address = backend.value }\n  }'), 'var.m\n', 'generated backend block'],
  ])('%s', (_what, src, expr, exposed) => {
    const errs = errors(src);
    expect(errs.map((e) => [e.at, e.summary])).toEqual([[where(src, expr), 'Invalid for_each argument']]);
    expect(errs[0]!.detail).toContain('Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments. If used, the sensitive value could be exposed as');
    expect(errs[0]!.detail).toContain(exposed);
  });

  it('sensitive dynamic labels are refused', () => {
    const src = SECRET('n', '"x"') + DIRECTOR + vs('  address = "192.0.2.10"\n  port = 80', 'dynamic "backend" {\n    for_each = toset(["192.0.2.30"])\n    labels = [var.n]\n    content { address = backend.value }\n  }');
    expect(errors(src).map((e) => [e.at, e.summary])).toEqual([[where(src, '[var.n]'), 'Invalid dynamic labels']]);
  });

  it('for_each = nonsensitive(toset(keys(var.m))) with var.m[each.key]: accepted, the values stay hidden', () => {
    const src = SECRET('w', '{ x = 5 }') + DIRECTOR + RS + vs('  address = "192.0.2.10"\n  port = 80', 'backend "r1" {\n    for_each = nonsensitive(toset(keys(var.w)))\n    realserver = "r1"\n    weight = var.w[each.key]\n  }');
    const dest = decodeOk(src).resources.find((r) => r.type === 'ipvs_destination')!;
    expect([dest.address, dest.attrs.weight, dest.sensitive]).toEqual(['virtual_server.web.backend["x"]', 5, ['weight']]);
  });
});

describe('schema: identity attributes', () => {
  const sample: Record<string, Record<string, unknown>> = {
    ipvs_service: { family: 'inet', protocol: 'tcp', address: '192.0.2.10', port: 80, fwmark: null, scheduler: 'wlc', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] },
    ipvs_destination: { service: 'tcp:192.0.2.10:80', address: '192.0.2.21', port: 80, forwarding: 'dr', weight: 1, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null },
    address: { interface: 'eth0', address: '192.0.2.10', prefix_length: 32, family: 'inet' },
    sysctl: { name: 'net.ipv4.ip_forward', value: '1' },
  };
  const other = (v: unknown): unknown => {
    if (typeof v === 'number') return v + 1;
    if (typeof v === 'boolean') return !v;
    if (typeof v === 'string') return /\d$/.test(v) ? v.replace(/\d+$/, (d) => String(Number(d) + 1)) : `${v}x`;
    return v === null ? 5 : v;
  };

  it.each(RESOURCE_TYPES)('%s: the id changes exactly when an identity attribute changes, and those force replacement', (type) => {
    const attrs = sample[type]!;
    expect(Object.keys(attrs).sort()).toEqual(Object.keys(SCHEMAS[type]).sort());
    for (const name of Object.keys(attrs)) {
      const spec = attrSpec(type, name)!;
      if (spec.identity) expect(spec.forcesReplacement, name).toBe(true);
      const changed = { ...attrs, [name]: other(attrs[name]) };
      // An address service's family comes with its address; a fwmark service's is in its id (fwmark6).
      if (type === 'ipvs_service' && name === 'family') continue;
      expect(identityOf(type, changed) !== identityOf(type, attrs), name).toBe(spec.identity === true);
    }
  });
});
