import { parseIpAddress } from '../../src/model/ip-address.js';
import type { Attrs } from '../../src/model/resource.js';
import { ok, refuse, type Built } from '../result.js';
import { interfaceNameError } from './interface-name.js';

function target(attrs: Attrs): Built<{ cidr: string; iface: string }> {
  const ifError = interfaceNameError(attrs.interface);
  if (ifError) return refuse(ifError);
  const a = attrs.address;
  const ip = typeof a === 'string' ? parseIpAddress(a) : null;
  if (!ip || ip.text !== a) return refuse(`address must be a canonical IP address, got ${JSON.stringify(a)}`);
  if (attrs.family != null && attrs.family !== ip.family) return refuse(`address ${a} is not of family ${String(attrs.family)}`);
  const max = ip.family === 'inet' ? 32 : 128;
  const p = attrs.prefix_length;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > max) {
    return refuse(`prefix_length must be an integer in 0..${max}, got ${JSON.stringify(p)}`);
  }
  return ok({ cidr: `${ip.text}/${p}`, iface: attrs.interface as string });
}

/** ['ip','addr','add','192.168.122.50/32','dev','lo'] */
export function addressAddArgv(attrs: Attrs): Built<string[]> {
  const t = target(attrs);
  return t.ok ? ok(['ip', 'addr', 'add', t.value.cidr, 'dev', t.value.iface]) : t;
}

export function addressDeleteArgv(attrs: Attrs): Built<string[]> {
  const t = target(attrs);
  return t.ok ? ok(['ip', 'addr', 'del', t.value.cidr, 'dev', t.value.iface]) : t;
}

/** How a host's addresses are read. */
export function addressReadArgv(): string[] {
  return ['ip', '-o', 'addr', 'show'];
}
