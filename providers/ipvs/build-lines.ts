import { canonicalIp, formatAddrPort, parseIpAddress, type Family } from '../../src/model/ip-address.js';
import type { Attrs } from '../../src/model/resource.js';
import { ok, refuse, type Built } from '../result.js';
import {
  AttrError,
  bool,
  int,
  intOrNull,
  matching,
  oneOf,
  oneOfOrNull,
  show,
  stringList,
} from './attr-read.js';
import { canonicalSchedFlags } from './sched-flags.js';
import { ipvsServiceId } from './to-resources.js';

/**
 * Lines for an `ipvsadm -R` batch (no leading "ipvsadm", no comments). -E and -e lines always carry
 * the complete attribute set, because ipvsadm resets every omitted field to its default
 * (ipvs-reference §3.1). Every value is validated; anything ipvsadm would refuse or misread is
 * refused here instead.
 */
const NAME = /^[a-z0-9_]{1,15}$/;
const INT_MAX = 2147483647;
const MAX_TIMEOUT = 2678400;
const DEFAULT_TIMEOUT = 360;

interface Svc {
  tokens: string[];
  family: Family;
  fwmark: boolean;
  port: number | null;
  persistent: boolean;
  id: string;
}

function guard(fn: () => string): Built<string> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof AttrError) return refuse(e.message);
    throw e;
  }
}

function canonicalAddress(attrs: Attrs, name: string): { text: string; family: Family } {
  const v = attrs[name];
  const ip = typeof v === 'string' ? parseIpAddress(v) : null;
  if (!ip || ip.text !== v) throw new AttrError(`${name} must be a canonical IP address, got ${show(v)}`);
  return { text: ip.text, family: ip.family };
}

function service(attrs: Attrs): Svc {
  const family = oneOf(attrs, 'family', ['inet', 'inet6'] as const);
  const persistent = bool(attrs, 'persistent');
  if (attrs.fwmark !== null && attrs.fwmark !== undefined) {
    const mark = int(attrs, 'fwmark', 1, 4294967295);
    if (attrs.address != null || attrs.port != null || attrs.protocol != null) {
      throw new AttrError('a fwmark service has no protocol, address or port');
    }
    const tokens = family === 'inet6' ? ['-f', String(mark), '-6'] : ['-f', String(mark)];
    return { tokens, family, fwmark: true, port: null, persistent, id: ipvsServiceId({ family, protocol: null, address: null, port: null, fwmark: mark }) };
  }
  const protocol = oneOf(attrs, 'protocol', ['tcp', 'udp', 'sctp'] as const);
  const addr = canonicalAddress(attrs, 'address');
  if (addr.family !== family) throw new AttrError(`address ${addr.text} is not of family ${family}`);
  const port = int(attrs, 'port', 0, 65535);
  if (port === 0 && !persistent) throw new AttrError('port 0 is only allowed on a persistent service');
  const opt = protocol === 'tcp' ? '-t' : protocol === 'udp' ? '-u' : '--sctp-service';
  return {
    tokens: [opt, formatAddrPort(addr.text, port)],
    family,
    fwmark: false,
    port,
    persistent,
    id: ipvsServiceId({ family, protocol, address: addr.text, port, fwmark: null }),
  };
}

function netmaskTokens(attrs: Attrs, family: Family): string[] {
  const v = attrs.persistence_netmask;
  if (v === null || v === undefined) return [];
  if (family === 'inet6') {
    const n = typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= 128) || String(n) !== v) throw new AttrError(`persistence_netmask must be a prefix length 1..128, got ${show(v)}`);
    return ['-M', v];
  }
  if (typeof v !== 'string' || canonicalIp(v) !== v || !isContiguousMask(v)) {
    throw new AttrError(`persistence_netmask must be a dotted-quad netmask, got ${show(v)}`);
  }
  return ['-M', v];
}

function isContiguousMask(v: string): boolean {
  const parts = v.split('.').map(Number);
  if (parts.length !== 4) return false;
  const n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  const inverted = ~n >>> 0;
  return (inverted & (inverted + 1)) === 0;
}

function serviceOptions(attrs: Attrs, s: Svc): string[] {
  const scheduler = matching(attrs, 'scheduler', NAME);
  const out = ['-s', scheduler];
  if (s.persistent) {
    const timeout = intOrNull(attrs, 'persistence_timeout', 1, MAX_TIMEOUT) ?? DEFAULT_TIMEOUT;
    out.push('-p', String(timeout), ...netmaskTokens(attrs, s.family));
  } else if (attrs.persistence_timeout != null || attrs.persistence_netmask != null) {
    throw new AttrError('persistence_timeout and persistence_netmask need persistent = true');
  }
  if (attrs.persistence_engine != null) out.push('--pe', matching(attrs, 'persistence_engine', NAME));
  if (bool(attrs, 'one_packet')) {
    if (!s.fwmark && attrs.protocol !== 'udp') throw new AttrError('one_packet is only for UDP and fwmark services');
    out.push('-o');
  }
  const flags = canonicalSchedFlags(scheduler, stringList(attrs, 'scheduler_flags'));
  if (!flags) throw new AttrError(`scheduler_flags ${show(attrs.scheduler_flags)} are not valid for scheduler ${scheduler}`);
  if (flags.length > 0) out.push('-b', flags.join(','));
  return out;
}

export function serviceAddLine(attrs: Attrs): Built<string> {
  return guard(() => {
    const s = service(attrs);
    return ['-A', ...s.tokens, ...serviceOptions(attrs, s)].join(' ');
  });
}

export function serviceEditLine(attrs: Attrs): Built<string> {
  return guard(() => {
    const s = service(attrs);
    return ['-E', ...s.tokens, ...serviceOptions(attrs, s)].join(' ');
  });
}

export function serviceDeleteLine(attrs: Attrs): Built<string> {
  return guard(() => ['-D', ...service(attrs).tokens].join(' '));
}

function destination(svcAttrs: Attrs, destAttrs: Attrs): { svc: Svc; target: string } {
  const svc = service(svcAttrs);
  if (destAttrs.service != null && destAttrs.service !== svc.id) {
    throw new AttrError(`destination belongs to ${show(destAttrs.service)}, not ${svc.id}`);
  }
  const addr = canonicalAddress(destAttrs, 'address');
  const port = int(destAttrs, 'port', 0, 65535);
  return { svc, target: formatAddrPort(addr.text, port) };
}

function destinationOptions(svc: Svc, destAttrs: Attrs): string[] {
  const forwarding = oneOf(destAttrs, 'forwarding', ['dr', 'nat', 'tunnel'] as const);
  const family = canonicalAddress(destAttrs, 'address').family;
  if (family !== svc.family && forwarding !== 'tunnel') {
    throw new AttrError('a destination of another address family needs forwarding = tunnel');
  }
  if (!svc.fwmark && forwarding !== 'nat' && destAttrs.port !== svc.port) {
    throw new AttrError(`with ${forwarding} forwarding the destination port must equal the service port ${svc.port}`);
  }
  const weight = int(destAttrs, 'weight', 0, 65535);
  const upper = int(destAttrs, 'upper_threshold', 0, INT_MAX);
  const lower = int(destAttrs, 'lower_threshold', 0, INT_MAX);
  if (lower > upper) throw new AttrError(`lower_threshold ${lower} is above upper_threshold ${upper}`);
  const out = [forwarding === 'dr' ? '-g' : forwarding === 'nat' ? '-m' : '-i', '-w', String(weight), '-x', String(upper), '-y', String(lower)];
  const tunnelType = oneOfOrNull(destAttrs, 'tunnel_type', ['ipip', 'gue', 'gre'] as const);
  const tunnelPort = intOrNull(destAttrs, 'tunnel_port', 1, 65535);
  const csum = oneOfOrNull(destAttrs, 'tunnel_checksum', ['nocsum', 'csum', 'remcsum'] as const);
  if (forwarding !== 'tunnel') {
    if (tunnelType !== null || tunnelPort !== null || csum !== null) throw new AttrError('tunnel settings need forwarding = tunnel');
    return out;
  }
  const type = tunnelType ?? 'ipip';
  out.push('--tun-type', type);
  if (type === 'ipip') {
    if (tunnelPort !== null || csum !== null) throw new AttrError('an ipip tunnel takes no tunnel_port or tunnel_checksum');
  } else if (type === 'gue') {
    if (tunnelPort === null) throw new AttrError('a gue tunnel needs tunnel_port');
    out.push('--tun-port', String(tunnelPort), `--tun-${csum ?? 'nocsum'}`);
  } else {
    if (tunnelPort !== null) throw new AttrError('a gre tunnel takes no tunnel_port');
    if (csum === 'remcsum') throw new AttrError('a gre tunnel allows tunnel_checksum nocsum or csum only');
    out.push(`--tun-${csum ?? 'nocsum'}`);
  }
  return out;
}

export function destinationAddLine(svcAttrs: Attrs, destAttrs: Attrs): Built<string> {
  return guard(() => {
    const { svc, target } = destination(svcAttrs, destAttrs);
    return ['-a', ...svc.tokens, '-r', target, ...destinationOptions(svc, destAttrs)].join(' ');
  });
}

export function destinationEditLine(svcAttrs: Attrs, destAttrs: Attrs): Built<string> {
  return guard(() => {
    const { svc, target } = destination(svcAttrs, destAttrs);
    return ['-e', ...svc.tokens, '-r', target, ...destinationOptions(svc, destAttrs)].join(' ');
  });
}

export function destinationDeleteLine(svcAttrs: Attrs, destAttrs: Attrs): Built<string> {
  return guard(() => {
    const { svc, target } = destination(svcAttrs, destAttrs);
    return ['-d', ...svc.tokens, '-r', target].join(' ');
  });
}
