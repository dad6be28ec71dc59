import { destinationId, serviceId, type Protocol } from '../../src/model/identity.js';
import { IPVS_DESTINATION } from '../../src/model/schema/index.js';
import { parseAddrPort, parseUint } from './addr-port.js';
import { parseFwmark } from './svc-token.js';
import { eachLine, tokenize } from './tokens.js';
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
export function parseIpvsThresholds(text: string): ThresholdsParse {
  const thresholds = new Map<string, Thresholds>();
  const problems: string[] = [];
  let current: string | null = null;
  eachLine(text, (line, n) => {
    if (current !== null && quickZeroRow(line)) return;
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
      else if (upper !== 0 || lower !== 0) thresholds.set(destinationId(current, ap.address, ap.port), { upper, lower });
    } else if (head === 'IP' || head === 'Prot') {
      return;
    } else if (head === 'FWM') {
      const mark = parseFwmark(tokens[1] ?? '');
      if (mark === null) error = 'bad fwmark';
      else current = serviceId({ kind: 'fwmark', family: tokens[2] === 'IPv6' ? 'inet6' : 'inet', fwmark: mark });
    } else if (PROTOS[head]) {
      const ap = parseAddrPort(tokens[1] ?? '');
      if (!ap) error = 'bad service address';
      else current = serviceId({ kind: 'addr', protocol: PROTOS[head], address: ap.address, port: ap.port });
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

/**
 * The usual row, "  -> ADDR:PORT   0   0   ACTIVE INACT" (both thresholds 0, so nothing is kept), checked in place
 * without tokens: true when it is such a row with a readable address. False for any other line, which the
 * tokenizer then reads and reports.
 */
function quickZeroRow(line: string): boolean {
  if (!line.startsWith(ROW)) return false;
  const end = line.indexOf(' ', ROW.length);
  if (end < 0) return false;
  const upper = skipSpaces(line, end);
  if (line.charCodeAt(upper) !== ZERO || line.charCodeAt(upper + 1) !== SPACE) return false;
  const lower = skipSpaces(line, upper + 1);
  if (line.charCodeAt(lower) !== ZERO || (lower + 1 < line.length && line.charCodeAt(lower + 1) !== SPACE)) return false;
  return parseAddrPort(line.slice(ROW.length, end)) !== null;
}

const ROW = '  -> ';
const SPACE = 32;
const ZERO = 48;

function skipSpaces(line: string, i: number): number {
  while (line.charCodeAt(i) === SPACE) i++;
  return i;
}
