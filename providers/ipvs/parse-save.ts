import { IPVS_DESTINATION, IPVS_SERVICE } from '../../src/model/schema/index.js';
import { parseAddrPort, parseUint } from './addr-port.js';
import { isCanonicalIPv4 } from '../../src/model/ip-address.js';
import { parseSavedSchedFlags } from '../../src/model/schema/scheduler-flags.js';
import { parseSvcTokens, type SvcParse } from './svc-token.js';
import { tokenize } from './tokens.js';
import { StringPool } from '../string-pool.js';
import { ReadBytes } from '../read-bytes.js';
import { byteIndex, bytesStartWith, IPv4Texts, ipv4At, isAscii, lastByteIndex, startsWithAscii, uintAt } from './line-bytes.js';
import { destinationId } from '../../src/model/identity.js';
import { sharedAttrsOf } from '../../src/model/desired-destination.js';
import type { ResourceInstance, ResourceOf } from '../../src/model/resource.js';
import { ipvsServiceId } from './service-id.js';
import type { ExpectedIpvs } from './expected.js';
import { attrsEqual } from '../../src/model/attrs-equal.js';
import type { Forwarding, Thresholds, TunnelChecksum, TunnelType } from './types.js';

export interface SaveParse {
  /** Each service as its -A line gives it, followed by the destinations its -a lines give. */
  resources: ResourceInstance[];
  /** One message per line that could not be understood ("line N: ..."); such lines are skipped. */
  problems: string[];
}

const S = IPVS_SERVICE;
const D = IPVS_DESTINATION;
const TUN_TYPES: readonly string[] = D.tunnel_type.values;
const FORWARDING = new Map<string, Forwarding>(Object.entries(D.forwarding.options).map(([method, option]) => [option, method as Forwarding]));
const CSUM = new Map<string, TunnelChecksum>(Object.entries(D.tunnel_checksum.options).map(([mode, option]) => [option, mode as TunnelChecksum]));
const NO_THRESHOLDS: ReadonlyMap<string, Thresholds> = new Map();

/**
 * Parses `ipvsadm -Sn` output (ipvs-reference §1) straight into `host`'s ipvs_service and ipvs_destination
 * resources, accepting every variant of §8: tunnel lines with or without --tun-type, negative fwmarks, "-b "
 * with no value, --sctp-service, -s none, IPv6 in brackets, :0 ports, CRLF line ends. A destination's
 * thresholds are its entry in `thresholds` (by destination id; `ipvsadm -Ln --thresholds`), else the line's
 * -x/-y, else 0. An object read as it is in `expected` (the configuration's) is that object itself (equal
 * values): the read makes nothing for it. Never throws.
 */
export function parseIpvsSave(
  text: string | ReadBytes,
  host: string,
  thresholds: ReadonlyMap<string, Thresholds> = NO_THRESHOLDS,
  expected: ExpectedIpvs | null = null,
): SaveParse {
  const resources: ResourceInstance[] = [];
  const problems: string[] = [];
  // The id of each service read, by its designation's text.
  const declared = new Map<string, string>();
  // -a lines repeat their service's tokens; parse each distinct designation once.
  const svcCache: SvcCache = { byText: new Map(), last: null };
  const read: Read = { host, resources, declared, thresholds, expected, strings: new StringPool(), ipv4: new IPv4Texts() };
  ReadBytes.of(text).eachLine((buf, start, end, n) => {
    if (quickDestination(buf, start, end, svcCache, read)) return;
    const line = buf.toString('utf8', start, end);
    const tokens = tokenize(line);
    if (tokens.length === 0) return;
    const head = tokens[0];
    const svc = head === '-A' || head === '-a' ? cachedSvc(tokens, svcCache) : `unknown line`;
    let error: string | null;
    if (typeof svc === 'string') error = svc;
    else if (head === '-A') error = addService(tokens, svc, read);
    else error = addDestination(tokens, svc, read);
    if (error !== null) problems.push(`line ${n + 1}: ${error}: ${line.trim()}`);
  });
  return { resources, problems };
}

/** What the lines are read into. */
interface Read {
  host: string;
  resources: ResourceInstance[];
  declared: Map<string, string>;
  thresholds: ReadonlyMap<string, Thresholds>;
  expected: ExpectedIpvs | null;
  strings: StringPool;
  ipv4: IPv4Texts;
}

/** Parses of service designations by their text, and the last one used: a service's -a lines follow it. */
interface SvcCache {
  byText: Map<string, SvcParse>;
  /** destinationPrefix: the start of its usual -a lines, null when not ASCII (quickDestination compares bytes with its characters). */
  last: { kind: string | undefined; text: string | undefined; v6: boolean; parse: SvcParse; destinationPrefix: string | null } | null;
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
  const prefix = `-a ${raw} ${D.address.option} `;
  cache.last = { kind: tokens[1], text: tokens[2], v6, parse: p, destinationPrefix: isAscii(prefix) ? prefix : null };
  return p;
}

function addService(tokens: string[], p: SvcParse, read: Read): string | null {
  const s = p.svc;
  const attrs: ResourceOf<'ipvs_service'>['attrs'] = {
    family: s.family,
    protocol: s.kind === 'addr' ? s.protocol : null,
    address: s.kind === 'addr' ? s.address : null,
    port: s.kind === 'addr' ? s.port : null,
    fwmark: s.kind === 'fwmark' ? s.fwmark : null,
    scheduler: S.scheduler.default,
    persistent: false,
    persistence_timeout: null,
    persistence_netmask: null,
    persistence_engine: null,
    one_packet: false,
    scheduler_flags: [],
  };
  let flagsText: string | undefined | null = null;
  for (let i = p.next; i < tokens.length; i++) {
    const t = tokens[i]!;
    const arg = tokens[i + 1];
    const hasArg = arg !== undefined && !arg.startsWith('-');
    switch (t) {
      case S.scheduler.option:
        if (!hasArg || S.scheduler.rule.reason(arg) !== null) return 'bad scheduler';
        attrs.scheduler = arg;
        i++;
        break;
      case S.persistence_timeout.option:
        attrs.persistent = true;
        attrs.persistence_timeout = S.persistence_timeout.default;
        if (hasArg) {
          const v = parseUint(arg, S.persistence_timeout.max);
          if (v === null || v < S.persistence_timeout.min) return 'bad persistence timeout';
          attrs.persistence_timeout = v;
          i++;
        }
        break;
      case S.persistence_netmask.option: {
        if (!hasArg) return 'bad netmask';
        const mask = parseNetmask(arg, s.family);
        if (mask === null) return 'bad netmask';
        attrs.persistence_netmask = mask;
        i++;
        break;
      }
      case S.persistence_engine.option:
        if (!hasArg || S.persistence_engine.rule.reason(arg) !== null) return 'bad persistence engine';
        attrs.persistence_engine = arg;
        i++;
        break;
      case S.one_packet.option:
        attrs.one_packet = true;
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
    const flags = parseSavedSchedFlags(attrs.scheduler, flagsText);
    if (!flags) return 'bad scheduler flags';
    attrs.scheduler_flags = flags;
  }
  if (!attrs.persistent) attrs.persistence_netmask = null;
  if (read.declared.has(p.key)) return 'duplicate service';
  const id = ipvsServiceId(attrs);
  read.declared.set(p.key, id);
  const e = read.expected?.service(id);
  if (e !== undefined && attrsEqual(e.attrs, attrs)) read.resources.push(e);
  else {
    // Kept: its address a string of its own (the line's text is not kept).
    if (attrs.address !== null) attrs.address = read.strings.own(attrs.address);
    read.resources.push({ host: read.host, type: 'ipvs_service', id, attrs });
  }
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

function addDestination(tokens: string[], p: SvcParse, read: Read): string | null {
  const service = read.declared.get(p.key);
  if (service === undefined) return 'destination before its service';
  let addr: ReturnType<typeof parseAddrPort> = null;
  // Locals, not an object: one resource is made, at the end (110,000 on a kube-proxy-size host).
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
  pushDestination(read, service, read.strings.own(addr.address), addr.port, forwarding, weight, upper, lower, tunnelType, tunnelPort, tunnelChecksum);
  return null;
}

/**
 * The usual destination line of the service read last, `-a <service> -r ADDR:PORT -m|-g -w N` with an IPv4
 * address, read in place from buf[start, end): no tokens, no text but the address (one per address). False
 * (nothing read) for any other line, which the tokenizer then reads and reports.
 */
function quickDestination(buf: Buffer, start: number, end: number, cache: SvcCache, read: Read): boolean {
  const last = cache.last;
  if (last === null || last.destinationPrefix === null || !startsWithAscii(buf, start, end, last.destinationPrefix)) return false;
  const service = read.declared.get(last.parse.key);
  if (service === undefined) return false;
  const at = start + last.destinationPrefix.length;
  const space = byteIndex(buf, SPACE, at, end);
  // "ADDR:PORT -m -w N": a two-character forwarding option, then the weight option and its value to the line's end.
  if (space < 0 || space + 7 > end || buf[space + 3] !== SPACE || !bytesStartWith(buf, space + 4, end, WEIGHT) || buf[space + 6] !== SPACE) return false;
  const forwarding = forwardingAt(buf, space + 1, end);
  if (forwarding === undefined || forwarding === 'tunnel') return false;
  const weight = uintAt(buf, space + 7, end, D.weight.max);
  const colon = lastByteIndex(buf, COLON, at, space);
  const port = colon > at ? uintAt(buf, colon + 1, space, 65535) : null;
  if (weight === null || port === null) return false;
  const ip = ipv4At(buf, at, colon);
  if (ip < 0) return false;
  pushDestination(read, service, read.ipv4.text(ip, buf, at, colon), port, forwarding, weight, null, null, null, null, null);
  return true;
}

const SPACE = 32;
const COLON = 58;
const WEIGHT = Buffer.from(D.weight.option);
const FORWARDING_OPTIONS = [...FORWARDING].map(([option, method]) => [Buffer.from(option), method] as const);

/** The forwarding method whose option (-m, -g, -i) starts at `i`. */
function forwardingAt(buf: Buffer, i: number, end: number): Forwarding | undefined {
  for (const [option, method] of FORWARDING_OPTIONS) if (bytesStartWith(buf, i, end, option)) return method;
  return undefined;
}

function pushDestination(
  read: Read,
  service: string,
  /** A string of its own (not a slice of the output). */
  address: string,
  port: number,
  forwarding: Forwarding,
  weight: number,
  upper: number | null,
  lower: number | null,
  tunnelType: TunnelType | null,
  tunnelPort: number | null,
  tunnelChecksum: TunnelChecksum | null,
): void {
  const e = read.expected?.destination(service, address, port);
  // The id is made only when needed: a line as configured has its object's (nearly every line of a large director).
  let id: string | undefined;
  const t = read.thresholds.size > 0 ? read.thresholds.get((id = e?.id ?? destinationId(service, address, port))) : undefined;
  const upperThreshold = t?.upper ?? upper ?? 0;
  const lowerThreshold = t?.lower ?? lower ?? 0;
  // A line as configured is its configured object itself: no object, id or attributes of its own. The service,
  // address and port are those it was found by.
  const c = e === undefined ? undefined : sharedAttrsOf(e);
  if (
    c !== undefined && c.forwarding === forwarding && c.weight === weight && c.upper_threshold === upperThreshold && c.lower_threshold === lowerThreshold &&
    c.tunnel_type === tunnelType && c.tunnel_port === tunnelPort && c.tunnel_checksum === tunnelChecksum
  ) {
    read.resources.push(e!);
    return;
  }
  id ??= e?.id ?? destinationId(service, address, port);
  const attrs: ResourceOf<'ipvs_destination'>['attrs'] = {
    service,
    address,
    port,
    forwarding,
    weight,
    upper_threshold: upperThreshold,
    lower_threshold: lowerThreshold,
    tunnel_type: tunnelType,
    tunnel_port: tunnelPort,
    tunnel_checksum: tunnelChecksum,
  };
  read.resources.push({ host: read.host, type: 'ipvs_destination', id, attrs });
}
