import type { Protocol } from '../../src/model/identity.js';
import type { Family } from '../../src/model/ip-address.js';
import { IPVS_SERVICE } from '../../src/model/schema/index.js';
import { parseAddrPort, parseUint } from './addr-port.js';

export type SvcRef =
  | { kind: 'addr'; protocol: Protocol; address: string; family: Family; port: number }
  | { kind: 'fwmark'; fwmark: number; family: Family };

export interface SvcParse {
  svc: SvcRef;
  /** index of the first token after the service designation */
  next: number;
  /** the service tokens joined, used to match -a lines to their -A line */
  key: string;
}

const PROTO_OPTION = new Map<string, Protocol>(Object.entries(IPVS_SERVICE.protocol.options).map(([protocol, option]) => [option, protocol as Protocol]));
const UINT32 = 4294967296;

/**
 * Parses a fwmark as -S prints it. ipvsadm 1.31 prints it with %d, so marks >= 2^31 appear
 * negative; they are converted back to uint32.
 */
export function parseFwmark(s: string): number | null {
  const negative = s.charCodeAt(0) === 45;
  const n = parseUint(negative ? s.slice(1) : s, UINT32 - 1);
  if (n === null) return null;
  const v = negative ? UINT32 - n : n;
  return v >= 1 && v < UINT32 ? v : null;
}

/** Parses the service designation starting at tokens[i]; null when it is malformed. */
export function parseSvcTokens(tokens: string[], i: number): SvcParse | string {
  const opt = tokens[i];
  if (opt === undefined) return 'missing service';
  const proto = PROTO_OPTION.get(opt);
  if (proto) {
    const text = tokens[i + 1];
    const ap = text === undefined ? null : parseAddrPort(text);
    if (!ap) return `bad service address ${JSON.stringify(text ?? '')}`;
    return {
      svc: { kind: 'addr', protocol: proto, address: ap.address, family: ap.family, port: ap.port },
      next: i + 2,
      key: `${proto} ${ap.address} ${ap.port}`,
    };
  }
  if (opt === IPVS_SERVICE.fwmark.option) {
    const text = tokens[i + 1];
    const mark = text === undefined ? null : parseFwmark(text);
    if (mark === null) return `bad fwmark ${JSON.stringify(text ?? '')}`;
    const v6 = tokens[i + 2] === '-6';
    return {
      svc: { kind: 'fwmark', fwmark: mark, family: v6 ? 'inet6' : 'inet' },
      next: v6 ? i + 3 : i + 2,
      key: `fwmark${v6 ? '6' : ''} ${mark}`,
    };
  }
  return `unknown service option ${JSON.stringify(opt)}`;
}
