import { IPVS_DESTINATION, IPVS_SERVICE } from '../../src/model/schema/index.js';
import { parseAddrPort, parseUint } from './addr-port.js';
import { parseSavedSchedFlags } from '../../src/model/schema/scheduler-flags.js';
import { parseSvcTokens, type SvcParse } from './svc-token.js';
import { splitLines, tokenize } from './tokens.js';
import type { IpvsDestination, IpvsService, TunnelChecksum, TunnelType } from './types.js';

export interface SaveParse {
  services: IpvsService[];
  /** One message per line that could not be understood ("line N: ..."); such lines are skipped. */
  problems: string[];
}

const { scheduler: SCHEDULER, persistence_timeout: TIMEOUT, persistence_engine: ENGINE } = IPVS_SERVICE;
const { weight: WEIGHT, upper_threshold: THRESHOLD, tunnel_type: TUN_TYPE, tunnel_port: TUN_PORT } = IPVS_DESTINATION;
const TUN_TYPES: readonly string[] = TUN_TYPE.values;
const CSUM = new Map<string, TunnelChecksum>(IPVS_DESTINATION.tunnel_checksum.values.map((c) => [`--tun-${c}`, c]));

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
  const svcCache = new Map<string, SvcParse>();
  const lines = splitLines(text);
  for (let n = 0; n < lines.length; n++) {
    const tokens = tokenize(lines[n]!);
    if (tokens.length === 0) continue;
    const head = tokens[0];
    const svc = head === '-A' || head === '-a' ? cachedSvc(tokens, svcCache) : `unknown line`;
    let error: string | null;
    if (typeof svc === 'string') error = svc;
    else if (head === '-A') error = addService(tokens, svc, services, byKey);
    else error = addDestination(tokens, svc, byKey);
    if (error !== null) problems.push(`line ${n + 1}: ${error}: ${lines[n]!.trim()}`);
  }
  return { services, problems };
}

function cachedSvc(tokens: string[], cache: Map<string, SvcParse>): SvcParse | string {
  const raw = tokens[3] === '-6' ? `${tokens[1]} ${tokens[2]} -6` : `${tokens[1]} ${tokens[2]}`;
  const hit = cache.get(raw);
  if (hit) return hit;
  const p = parseSvcTokens(tokens, 1);
  if (typeof p !== 'string') cache.set(raw, p);
  return p;
}

function addService(tokens: string[], p: SvcParse, services: IpvsService[], byKey: Map<string, IpvsService>): string | null {
  const s = p.svc;
  const out: IpvsService = {
    family: s.family,
    protocol: s.kind === 'addr' ? s.protocol : null,
    address: s.kind === 'addr' ? s.address : null,
    port: s.kind === 'addr' ? s.port : null,
    fwmark: s.kind === 'fwmark' ? s.fwmark : null,
    scheduler: 'wlc',
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
      case '-s':
        if (!hasArg || !SCHEDULER.pattern.test(arg)) return 'bad scheduler';
        out.scheduler = arg;
        i++;
        break;
      case '-p':
        out.persistent = true;
        out.timeout = TIMEOUT.default;
        if (hasArg) {
          const v = parseUint(arg, TIMEOUT.max);
          if (v === null || v < TIMEOUT.min) return 'bad persistence timeout';
          out.timeout = v;
          i++;
        }
        break;
      case '-M': {
        if (!hasArg) return 'bad netmask';
        const mask = parseNetmask(arg, s.family);
        if (mask === null) return 'bad netmask';
        out.netmask = mask;
        i++;
        break;
      }
      case '--pe':
        if (!hasArg || !ENGINE.pattern.test(arg)) return 'bad persistence engine';
        out.pe = arg;
        i++;
        break;
      case '-o':
        out.onePacket = true;
        break;
      case '-b':
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

function addDestination(tokens: string[], p: SvcParse, byKey: Map<string, IpvsService>): string | null {
  const svc = byKey.get(p.key);
  if (!svc) return 'destination before its service';
  let addr: ReturnType<typeof parseAddrPort> = null;
  const d: Omit<IpvsDestination, 'address' | 'family' | 'port'> = {
    forwarding: 'dr',
    weight: 1,
    upper: null,
    lower: null,
    tunnelType: null,
    tunnelPort: null,
    tunnelChecksum: null,
  };
  for (let i = p.next; i < tokens.length; i++) {
    const t = tokens[i]!;
    const arg = tokens[i + 1];
    switch (t) {
      case '-r':
        addr = arg === undefined ? null : parseAddrPort(arg);
        if (!addr) return 'bad real server address';
        i++;
        break;
      case '-g':
        d.forwarding = 'dr';
        break;
      case '-m':
        d.forwarding = 'nat';
        break;
      case '-i':
        d.forwarding = 'tunnel';
        break;
      case '-w': {
        const v = arg === undefined ? null : parseUint(arg, WEIGHT.max);
        if (v === null) return 'bad weight';
        d.weight = v;
        i++;
        break;
      }
      case '-x':
      case '-y': {
        // -S never prints thresholds (they are read from -Ln --thresholds); -R input such as lvsplan's own batches has them.
        const v = arg === undefined ? null : parseUint(arg, THRESHOLD.max);
        if (v === null) return 'bad threshold';
        if (t === '-x') d.upper = v;
        else d.lower = v;
        i++;
        break;
      }
      case '--tun-type':
        if (arg === undefined || !TUN_TYPES.includes(arg)) return 'bad tunnel type';
        d.tunnelType = arg as TunnelType;
        i++;
        break;
      case '--tun-port': {
        const v = arg === undefined ? null : parseUint(arg, TUN_PORT.max);
        if (v === null || v < TUN_PORT.min) return 'bad tunnel port';
        d.tunnelPort = v;
        i++;
        break;
      }
      default: {
        const c = CSUM.get(t);
        if (!c) return `unexpected ${JSON.stringify(t)}`;
        d.tunnelChecksum = c;
      }
    }
  }
  if (!addr) return 'missing real server';
  if (d.forwarding === 'tunnel') {
    // ipvsadm <= 1.30 printed "-i" alone; the kernel's default tunnel type is ipip.
    if (d.tunnelType === null) d.tunnelType = TUN_TYPE.default;
    if (d.tunnelType !== 'ipip' && d.tunnelChecksum === null) d.tunnelChecksum = IPVS_DESTINATION.tunnel_checksum.default;
    if (d.tunnelType === 'gue' && d.tunnelPort === null) return 'gue tunnel without port';
    if (d.tunnelType !== 'gue' && d.tunnelPort !== null) return 'tunnel port on a non-gue tunnel';
    if (d.tunnelType === 'ipip' && d.tunnelChecksum !== null) return 'checksum option on an ipip tunnel';
  } else if (d.tunnelType !== null || d.tunnelPort !== null || d.tunnelChecksum !== null) {
    return 'tunnel options without -i';
  }
  svc.destinations.push({ address: addr.address, family: addr.family, port: addr.port, ...d });
  return null;
}
