import { describe, expect, it } from 'vitest';
import { addressAddArgv, addressToResources, parseIpAddrShow } from '../../providers/address/index.js';
import { destinationAddLine, parseIpvsSave, serviceAddLine } from '../../providers/ipvs/index.js';
import { parseSysctlRead, sysctlsToResources, sysctlWriteArgv } from '../../providers/sysctl/index.js';
import type { AttrValue, Attrs, DesiredResource, ResourceInstance, ResourceType } from '../../src/model/resource.js';
import { SCHEMAS, validateAttrs, type AttrSpec } from '../../src/model/schema/index.js';
import { decodeOk } from '../config/helpers.js';
import { Random } from '../hcl/support/random.js';
import { randomConfig } from './support/random-config.js';

const CONFIGS = 2000;

function built<T>(b: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!b.ok) throw new Error(b.error);
  return b.value;
}

/** What `ip -o addr show` prints for an address added with this argv. */
function ipAddrLine(argv: string[], n: number): string {
  const [, , , cidr, , dev] = argv as [string, string, string, string, string, string];
  return `${n}: ${dev}    ${cidr.includes(':') ? 'inet6' : 'inet'} ${cidr} scope global ${dev}\\       valid_lft forever preferred_lft forever`;
}

/** What the host read script prints for a sysctl written with this argv (the kernel keeps the value as written). */
function sysctlReadLine(argv: string[]): string {
  const assignment = argv[3]!;
  const eq = assignment.indexOf('=');
  return `V\t${assignment.slice(0, eq)}\t${assignment.slice(eq + 1)}`;
}

/** Desired resources of one host → the commands that make them → the host's output parsed back. */
function roundTrip(host: string, desired: readonly DesiredResource[]): ResourceInstance[] {
  const services = new Map<string, Attrs>();
  const lines: string[] = [];
  const addrLines: string[] = [];
  const sysctlLines: string[] = [];
  for (const d of desired) {
    if (d.type === 'ipvs_service') {
      services.set(d.id, d.attrs);
      lines.push(built(serviceAddLine(d.attrs)));
    } else if (d.type === 'ipvs_destination') {
      lines.push(built(destinationAddLine(services.get(d.attrs.service)!, d.attrs)));
    } else if (d.type === 'address') {
      addrLines.push(ipAddrLine(built(addressAddArgv(d.attrs)), addrLines.length + 1));
    } else {
      sysctlLines.push(sysctlReadLine(built(sysctlWriteArgv(d.attrs.name, d.attrs.value))));
    }
  }
  const save = parseIpvsSave(lines.join('\n'), host);
  const addrs = parseIpAddrShow(addrLines.join('\n'));
  const sysctls = parseSysctlRead(sysctlLines.join('\n'));
  expect([...save.problems, ...addrs.problems, ...sysctls.problems]).toEqual([]);
  return [
    ...save.resources,
    ...addressToResources(host, addrs.addresses),
    ...sysctlsToResources(host, sysctls.values),
  ];
}

const plain = (rs: readonly ResourceInstance[]) =>
  rs.map((r) => ({ host: r.host, type: r.type, id: r.id, attrs: r.attrs })).sort((a, b) => (a.type + a.id < b.type + b.id ? -1 : 1));

/** The value classes of an attribute a value belongs to: null, each enum/list value, true/false, the bounds of a range. */
function classesOf(spec: AttrSpec, v: AttrValue): string[] {
  if (v === null) return ['null'];
  if (spec.kind === 'int') return [v === spec.min ? 'min' : v === spec.max ? 'max' : 'between'];
  if (spec.kind === 'enum' || spec.kind === 'bool') return [String(v)];
  if (spec.kind === 'list') return [(v as string[]).length === 0 ? 'empty' : 'non-empty', ...(v as string[])];
  return ['value'];
}

/** Every class each attribute must show across the generated configurations. */
function requiredClasses(type: ResourceType, name: string, spec: AttrSpec): string[] {
  const out = spec.nullable ? ['null'] : [];
  if (spec.kind === 'int') {
    // Derived addresses are always /32 or /128: their prefix length has no other class to cover.
    if (type === 'address') return [...out, 'between', 'max'];
    return [...out, 'min', 'max', 'between'];
  }
  if (spec.kind === 'enum') return [...out, ...spec.values];
  if (spec.kind === 'bool') return [...out, 'true', 'false'];
  if (spec.kind === 'list') return [...out, 'empty', 'non-empty', ...spec.values];
  return [...out, 'value'];
}

describe('schema round trip over random valid configurations', () => {
  it(`${CONFIGS} configurations: derive → ipvsadm -R lines, ip and sysctl commands → parsed back → the same resources`, { timeout: 300_000 }, () => {
    const r = new Random(20261130);
    const seen = new Map<string, Set<string>>();
    const schedulers = new Set<string>();
    let resources = 0;
    for (let n = 0; n < CONFIGS; n++) {
      const text = randomConfig(r);
      let desired: DesiredResource[];
      try {
        desired = decodeOk(text).resources;
      } catch (e) {
        throw new Error(`configuration ${n} did not decode:\n${text}\n${(e as Error).message}`);
      }
      const hosts = new Map<string, DesiredResource[]>();
      for (const d of desired) {
        const problem = validateAttrs(d.type, d.attrs);
        if (problem) expect.fail(`${d.address}: ${problem}`);
        hosts.set(d.host, [...(hosts.get(d.host) ?? []), d]);
        for (const [name, spec] of Object.entries(SCHEMAS[d.type] as Record<string, AttrSpec>)) {
          const key = `${d.type}.${name}`;
          const set = seen.get(key) ?? new Set<string>();
          for (const c of classesOf(spec, (d.attrs as Attrs)[name]!)) set.add(c);
          seen.set(key, set);
        }
        if (d.type === 'ipvs_service') schedulers.add(d.attrs.scheduler);
      }
      for (const [host, own] of hosts) {
        const back = plain(roundTrip(host, own));
        const want = plain(own);
        if (JSON.stringify(back) !== JSON.stringify(want)) expect(back, text).toEqual(want);
        resources += own.length;
      }
    }
    const missing: string[] = [];
    for (const type of Object.keys(SCHEMAS) as ResourceType[]) {
      for (const [name, spec] of Object.entries(SCHEMAS[type] as Record<string, AttrSpec>)) {
        const got = seen.get(`${type}.${name}`) ?? new Set<string>();
        for (const c of requiredClasses(type, name, spec)) if (!got.has(c)) missing.push(`${type}.${name}: ${c}`);
      }
    }
    expect(missing).toEqual([]);
    expect([...schedulers].sort()).toEqual([...SCHEMAS.ipvs_service.scheduler.known].sort());
    expect(resources).toBeGreaterThan(CONFIGS * 10);
  });
});
