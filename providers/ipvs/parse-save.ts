import { IPVS_DESTINATION, IPVS_SERVICE } from '../../src/model/schema/index.js';
import { parseAddrPort, parseUint } from './addr-port.js';
import { parseSavedSchedFlags } from '../../src/model/schema/scheduler-flags.js';
import { parseSvcTokens, type SvcParse } from './svc-token.js';
import { eachLine, tokenize } from './tokens.js';
import { StringPool } from '../string-pool.js';
import type { Forwarding, IpvsDestination, IpvsService, TunnelChecksum, TunnelType } from './types.js';

export interface SaveParse {
  services: IpvsService[];
  /** One message per line that could not be understood ("line N: ..."); such lines are skipped. */
  problems: string[];
}

const S = IPVS_SERVICE;
const D = IPVS_DESTINATION;
const TUN_TYPES: readonly string[] = D.tunnel_type.values;
const FORWARDING = new Map<string, Forwarding>(Object.entries(D.forwarding.options).map(([method, option]) => [option, method as Forwarding]));
const CSUM = new Map<string, TunnelChecksum>(Object.entries(D.tunnel_checksum.options).map(([mode, option]) => [option, mode as TunnelChecksum]));

/**
 * Parses `ipvsadm -Sn` output (ipvs-reference §1), accepting every variant of §8: tunnel lines
 * with or without --tun-type, negative fwmarks, "-b " with no value, --sctp-service, -s none,
 * IPv6 in brackets, :0 ports, CRLF line ends. Never throws.
 */
export function parseIpvsSave(text: string): SaveParse {
  const services: IpvsService[] = [];
  const problems: string[] = [];
  const byKey = new Map<string, IpvsService>();
  // -a lines repeat their service's tokens; parse each distinct designation once.
  const svcCache: SvcCache = { byText: new Map(), last: null };
  const strings = new StringPool();
  eachLine(text, (line, n) => {
    const tokens = tokenize(line);
    if (tokens.length === 0) return;
    const head = tokens[0];
    const svc = head === '-A' || head === '-a' ? cachedSvc(tokens, svcCache) : `unknown line`;
    let error: string | null;
    if (typeof svc === 'string') error = svc;
    else if (head === '-A') error = addService(tokens, svc, services, byKey, strings);
    else error = addDestination(tokens, svc, byKey, strings);
    if (error !== null) problems.push(`line ${n + 1}: ${error}: ${line.trim()}`);
  });
  return { services, problems };
}

/** Parses of service designations by their text, and the last one used: a service's -a lines follow it. */
interface SvcCache {
  byText: Map<string, SvcParse>;
  last: { kind: string | undefined; text: string | undefined; v6: boolean; parse: SvcParse } | null;
}

function cachedSvc(tokens: string[], cache: SvcCache): SvcParse | string {
  const v6 = tokens[3] === '-6';
  const last = cache.last;
  if (last !== null && last.kind === tokens[1] && last.text === tokens[2] && last.v6 === v6) return last.parse;
  const raw = v6 ? `${tokens[1]} ${tokens[2]} -6` : `${tokens[1]} ${tokens[2]}`;
  let p: SvcParse | string | undefined = cache.byText.get(raw);
  if (p === undefined) {
    p = parseSvcTokens(tokens, 1);
    if (typeof p === 'string') return p;
    cache.byText.set(raw, p);
  }
  cache.last = { kind: tokens[1], text: tokens[2], v6, parse: p };
  return p;
}

function addService(tokens: string[], p: SvcParse, services: IpvsService[], byKey: Map<string, IpvsService>, strings: StringPool): string | null {
  const s = p.svc;
  const out: IpvsService = {
    family: s.family,
    protocol: s.kind === 'addr' ? s.protocol : null,
    address: s.kind === 'addr' ? strings.own(s.address) : null,
    port: s.kind === 'addr' ? s.port : null,
    fwmark: s.kind === 'fwmark' ? s.fwmark : null,
    scheduler: S.scheduler.default,
    persistent: false,
    timeout: null,
    netmask: null,
    pe: null,
    onePacket: false,
    schedFlags: [],
    destinations: [],
  };
  let flagsText: string | undefined | null = null;
  for (let i = p.next; i < tokens.length; i++) {
    const t = tokens[i]!;
    const arg = tokens[i + 1];
    const hasArg = arg !== undefined && !arg.startsWith('-');
    switch (t) {
      case S.scheduler.option:
        if (!hasArg || S.scheduler.rule.reason(arg) !== null) return 'bad scheduler';
        out.scheduler = arg;
        i++;
        break;
      case S.persistence_timeout.option:
        out.persistent = true;
        out.timeout = S.persistence_timeout.default;
        if (hasArg) {
          const v = parseUint(arg, S.persistence_timeout.max);
          if (v === null || v < S.persistence_timeout.min) return 'bad persistence timeout';
          out.timeout = v;
          i++;
        }
        break;
      case S.persistence_netmask.option: {
        if (!hasArg) return 'bad netmask';
        const mask = parseNetmask(arg, s.family);
        if (mask === null) return 'bad netmask';
        out.netmask = mask;
        i++;
        break;
      }
      case S.persistence_engine.option:
        if (!hasArg || S.persistence_engine.rule.reason(arg) !== null) return 'bad persistence engine';
        out.pe = arg;
        i++;
        break;
      case S.one_packet.option:
        out.onePacket = true;
        break;
      case S.scheduler_flags.option:
        flagsText = hasArg ? arg : undefined;
        if (hasArg) i++;
        break;
      default:
        return `unexpected ${JSON.stringify(t)}`;
    }
  }
  if (flagsText !== null) {
    const flags = parseSavedSchedFlags(out.scheduler, flagsText);
    if (!flags) return 'bad scheduler flags';
    out.schedFlags = flags;
  }
  if (!out.persistent) out.netmask = null;
  if (byKey.has(p.key)) return 'duplicate service';
  byKey.set(p.key, out);
  services.push(out);
  return null;
}

function parseNetmask(s: string, family: 'inet' | 'inet6'): string | null {
  if (family === 'inet6') {
    const v = parseUint(s, 128);
    return v === null || v < 1 ? null : String(v);
  }
  const ap = parseAddrPort(`${s}:0`);
  return ap && ap.family === 'inet' ? ap.address : null;
}

function addDestination(tokens: string[], p: SvcParse, byKey: Map<string, IpvsService>, strings: StringPool): string | null {
  const svc = byKey.get(p.key);
  if (!svc) return 'destination before its service';
  let addr: ReturnType<typeof parseAddrPort> = null;
  // Locals, not an object: one destination object is made, at the end (110,000 on a kube-proxy-size host).
  let forwarding: Forwarding = D.forwarding.default;
  let weight: number = D.weight.default;
  let upper: number | null = null;
  let lower: number | null = null;
  let tunnelType: TunnelType | null = null;
  let tunnelPort: number | null = null;
  let tunnelChecksum: TunnelChecksum | null = null;
  for (let i = p.next; i < tokens.length; i++) {
    const t = tokens[i]!;
    const arg = tokens[i + 1];
    switch (t) {
      case D.address.option:
        addr = arg === undefined ? null : parseAddrPort(arg);
        if (!addr) return 'bad real server address';
        i++;
        break;
      case D.weight.option: {
        const v = arg === undefined ? null : parseUint(arg, D.weight.max);
        if (v === null) return 'bad weight';
        weight = v;
        i++;
        break;
      }
      case D.upper_threshold.option:
      case D.lower_threshold.option: {
        // -S never prints thresholds (they are read from -Ln --thresholds); -R input such as lvsplan's own batches has them.
        const v = arg === undefined ? null : parseUint(arg, D.upper_threshold.max);
        if (v === null) return 'bad threshold';
        if (t === D.upper_threshold.option) upper = v;
        else lower = v;
        i++;
        break;
      }
      case D.tunnel_type.option:
        if (arg === undefined || !TUN_TYPES.includes(arg)) return 'bad tunnel type';
        tunnelType = arg as TunnelType;
        i++;
        break;
      case D.tunnel_port.option: {
        const v = arg === undefined ? null : parseUint(arg, D.tunnel_port.max);
        if (v === null || v < D.tunnel_port.min) return 'bad tunnel port';
        tunnelPort = v;
        i++;
        break;
      }
      default: {
        const method = FORWARDING.get(t);
        const c = CSUM.get(t);
        if (method) forwarding = method;
        else if (c) tunnelChecksum = c;
        else return `unexpected ${JSON.stringify(t)}`;
      }
    }
  }
  if (!addr) return 'missing real server';
  if (forwarding === 'tunnel') {
    // ipvsadm <= 1.30 printed "-i" alone; the kernel's default tunnel type is ipip.
    if (tunnelType === null) tunnelType = D.tunnel_type.default;
    if (tunnelType !== 'ipip' && tunnelChecksum === null) tunnelChecksum = D.tunnel_checksum.default;
    if (tunnelType === 'gue' && tunnelPort === null) return 'gue tunnel without port';
    if (tunnelType !== 'gue' && tunnelPort !== null) return 'tunnel port on a non-gue tunnel';
    if (tunnelType === 'ipip' && tunnelChecksum !== null) return 'checksum option on an ipip tunnel';
  } else if (tunnelType !== null || tunnelPort !== null || tunnelChecksum !== null) {
    return 'tunnel options without -i';
  }
  const d: IpvsDestination = { address: strings.own(addr.address), family: addr.family, port: addr.port, forwarding, weight, upper, lower, tunnelType, tunnelPort, tunnelChecksum };
  svc.destinations.push(d);
  return null;
}
