import { destinationId, serviceId, type Protocol, type ServiceKey } from '../../src/model/identity.js';
import { IPVS_DESTINATION } from '../../src/model/schema/index.js';
import { parseAddrPort, parseUint } from './addr-port.js';
import { parseFwmark } from './svc-token.js';
import { tokenize } from './tokens.js';
import { ReadBytes } from '../read-bytes.js';
import { byteIndex, bytesStartWith, ipv4At, lastByteIndex, uintAt } from './line-bytes.js';
import type { Thresholds } from './types.js';

export interface ThresholdsParse {
  /** destination id (model/identity.ts) -> thresholds, for the rows that have any (a row of 0 and 0 is not kept: a destination missing here has none) */
  thresholds: Map<string, Thresholds>;
  problems: string[];
}

const PROTOS: Record<string, Protocol> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };
const { upper_threshold: UPPER, lower_threshold: LOWER } = IPVS_DESTINATION;

/**
 * Parses `ipvsadm -Ln --thresholds` (ipvs-reference §7.5). Service lines ("TCP  1.2.3.4:80 rr ...",
 * "FWM  3 IPv6 wlc ...") say which service the following "  -> addr:port U L Active InAct" rows
 * belong to; headers are skipped.
 */
export function parseIpvsThresholds(text: string | ReadBytes): ThresholdsParse {
  const thresholds = new Map<string, Thresholds>();
  const problems: string[] = [];
  // The service of the rows that follow, its id made only for a row that is kept (most rows are 0 and 0).
  let current: ServiceKey | InPlace | null = null;
  let currentId: string | null = null;
  ReadBytes.of(text).eachLine((buf, start, end, n) => {
    if (current !== null && quickZeroRow(buf, start, end)) return;
    const inPlace = quickService(buf, start, end);
    if (inPlace !== null) {
      current = inPlace;
      currentId = null;
      return;
    }
    const line = buf.toString('utf8', start, end);
    const tokens = tokenize(line);
    if (tokens.length === 0) return;
    const head = tokens[0]!;
    let error: string | null = null;
    if (head === '->') {
      if (tokens[1] === 'RemoteAddress:Port') return;
      const ap = tokens[1] === undefined ? null : parseAddrPort(tokens[1]);
      const upper = parseUint(tokens[2] ?? '', UPPER.max);
      const lower = parseUint(tokens[3] ?? '', LOWER.max);
      if (!ap || upper === null || lower === null) error = 'bad destination row';
      else if (current === null) error = 'destination row before any service';
      else if (upper !== 0 || lower !== 0) thresholds.set(destinationId((currentId ??= serviceId(keyOf(current))), ap.address, ap.port), { upper, lower });
    } else if (head === 'IP' || head === 'Prot') {
      return;
    } else if (head === 'FWM') {
      const mark = parseFwmark(tokens[1] ?? '');
      if (mark === null) error = 'bad fwmark';
      else current = { kind: 'fwmark', family: tokens[2] === 'IPv6' ? 'inet6' : 'inet', fwmark: mark };
      currentId = null;
    } else if (PROTOS[head]) {
      const ap = parseAddrPort(tokens[1] ?? '');
      if (!ap) error = 'bad service address';
      else current = { kind: 'addr', protocol: PROTOS[head], address: ap.address, port: ap.port };
      currentId = null;
    } else {
      error = 'unknown line';
    }
    if (error !== null) {
      problems.push(`line ${n + 1}: ${error}: ${line.trim()}`);
      if (head !== '->') current = null;
    }
  });
  return { thresholds, problems };
}

/** A service line read in place by quickService: its key is made only when a row of it is kept. */
interface InPlace {
  protocol: Protocol;
  buf: Buffer;
  /** Where its address starts, and the colon before its port. */
  from: number;
  colon: number;
  port: number;
}

function keyOf(s: ServiceKey | InPlace): ServiceKey {
  return 'kind' in s ? s : { kind: 'addr', protocol: s.protocol, address: s.buf.toString('latin1', s.from, s.colon), port: s.port };
}

/**
 * The usual service line, "TCP  ADDR:PORT SCHED ..." with an IPv4 address (as parseAddrPort reads it), read in
 * place from buf[start, end); null for any other line, which the tokenizer then reads and reports.
 */
function quickService(buf: Buffer, start: number, end: number): InPlace | null {
  const space = byteIndex(buf, SPACE, start, end);
  if (space < 0) return null;
  let protocol: Protocol | undefined;
  for (const [name, p] of PROTO_NAMES) if (space - start === name.length && bytesStartWith(buf, start, space, name)) protocol = p;
  if (protocol === undefined) return null;
  const from = skipSpaces(buf, space, end);
  let to = from;
  while (to < end && buf[to] !== SPACE && buf[to] !== TAB && buf[to] !== CR) to++;
  const colon = lastByteIndex(buf, COLON, from, to);
  const port = colon > from ? uintAt(buf, colon + 1, to, 65535) : null;
  if (port === null || ipv4At(buf, from, colon) < 0) return null;
  return { protocol, buf, from, colon, port };
}

/**
 * The usual row, "  -> ADDR:PORT   0   0   ACTIVE INACT" (both thresholds 0, so nothing is kept), checked in place
 * in buf[start, end): true when it is such a row with a readable address. False for any other line, which the
 * tokenizer then reads and reports.
 */
function quickZeroRow(buf: Buffer, start: number, end: number): boolean {
  if (!bytesStartWith(buf, start, end, ROW)) return false;
  const from = start + ROW.length;
  const space = byteIndex(buf, SPACE, from, end);
  if (space < 0) return false;
  const upper = skipSpaces(buf, space, end);
  if (upper + 1 >= end || buf[upper] !== ZERO || buf[upper + 1] !== SPACE) return false;
  const lower = skipSpaces(buf, upper + 1, end);
  if (lower >= end || buf[lower] !== ZERO || (lower + 1 < end && buf[lower + 1] !== SPACE)) return false;
  return readableAddrPort(buf, from, space);
}

/** Whether parseAddrPort reads buf[from, to): an IPv4 address and port read in place, anything else as text. */
function readableAddrPort(buf: Buffer, from: number, to: number): boolean {
  const colon = lastByteIndex(buf, COLON, from, to);
  if (colon > from && uintAt(buf, colon + 1, to, 65535) !== null && ipv4At(buf, from, colon) >= 0) return true;
  return parseAddrPort(buf.toString('utf8', from, to)) !== null;
}

const ROW = Buffer.from('  -> ');
const PROTO_NAMES = Object.entries(PROTOS).map(([name, p]) => [Buffer.from(name), p] as const);
const SPACE = 32;
const TAB = 9;
const CR = 13;
const COLON = 58;
const ZERO = 48;

function skipSpaces(buf: Buffer, i: number, end: number): number {
  while (i < end && buf[i] === SPACE) i++;
  return i;
}
