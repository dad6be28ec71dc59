import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { canonicalIp, parseIpAddress, type Family } from '../../model/ip-address.js';
import type { Token } from './tokens.js';

export type GroupEntry = { kind: 'addr'; address: string; port: number | null; at: Token } | { kind: 'fwmark'; fwmark: number; family: Family | null; at: Token };

/** More addresses than this in one range is almost certainly a typo. */
const MAX_RANGE = 1024;

/**
 * The addresses of one virtual_server_group entry: `IP`, `A.B.C.D-E` (last octet; last hextet for
 * IPv6), `A-B` (two whole addresses), `a.b.c.d/nn` (network to broadcast).
 */
export function expandAddressRange(t: Token, diags: Diagnostic[]): string[] | null {
  const text = t.text;
  const bad = (why: string): null => {
    diags.push(errorDiag('Invalid virtual_server_group address', `${JSON.stringify(text)}: ${why}`, t.range));
    return null;
  };
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const ip = parseIpAddress(text.slice(0, slash));
    const len = Number(text.slice(slash + 1));
    const bits = ip ? ip.bytes.length * 8 : 0;
    if (!ip || !/^\d+$/.test(text.slice(slash + 1)) || len > bits) return bad('expected an address and prefix length, e.g. 10.0.0.0/30');
    const n = toBig(ip.bytes);
    const host = (1n << BigInt(bits - len)) - 1n;
    if ((n & host) !== 0n) return bad('Address mask bits not empty: the address has host bits set beyond the prefix length');
    return span(n, n | host, ip.bytes.length, bad);
  }
  const dash = text.indexOf('-');
  if (dash < 0) {
    const ip = canonicalIp(text);
    return ip ? [ip] : bad('not an IP address');
  }
  const first = parseIpAddress(text.slice(0, dash));
  if (!first) return bad('the range does not start with an IP address');
  const tail = text.slice(dash + 1);
  const whole = parseIpAddress(tail);
  if (whole) {
    if (whole.family !== first.family) return bad('both ends of a range must be of one address family');
    return span(toBig(first.bytes), toBig(whole.bytes), first.bytes.length, bad);
  }
  const v6 = first.family === 'inet6';
  if (!(v6 ? /^[0-9a-fA-F]{1,4}$/ : /^\d{1,3}$/).test(tail)) return bad('expected A.B.C.D-E (last octet) or A-B (two addresses)');
  const end = v6 ? parseInt(tail, 16) : Number(tail);
  const b = first.bytes;
  const start = v6 ? (b[14]! << 8) | b[15]! : b[3]!;
  if (end > (v6 ? 0xffff : 255)) return bad('the range end is out of range');
  const n = toBig(b);
  return span(n, n - BigInt(start) + BigInt(end), b.length, bad);
}

function span(from: bigint, to: bigint, bytes: number, bad: (why: string) => null): string[] | null {
  if (to < from) return bad('the range ends before it starts');
  if (to - from >= BigInt(MAX_RANGE)) return bad(`the range covers more than ${MAX_RANGE} addresses`);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(fromBig(n, bytes));
  return out;
}

function toBig(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

function fromBig(n: bigint, bytes: number): string {
  const b = new Uint8Array(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    b[i] = Number(n & 255n);
    n >>= 8n;
  }
  if (bytes === 4) return b.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return canonicalIp(groups.join(':'))!;
}
