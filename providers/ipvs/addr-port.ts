import { isCanonicalIPv4, parseIpAddress, type Family } from '../../src/model/ip-address.js';

export interface AddrPort {
  address: string;
  family: Family;
  port: number;
}

/** Parses "a.b.c.d:port" or "[v6]:port" as ipvsadm -n prints it; the address comes back canonical. */
export function parseAddrPort(s: string): AddrPort | null {
  let host: string;
  let portText: string;
  if (s.charCodeAt(0) === 91 /* [ */) {
    const close = s.indexOf(']:');
    if (close < 0) return null;
    host = s.slice(1, close);
    portText = s.slice(close + 2);
    if (!host.includes(':')) return null;
  } else {
    const colon = s.lastIndexOf(':');
    if (colon < 0) return null;
    host = s.slice(0, colon);
    portText = s.slice(colon + 1);
    if (host.includes(':')) return null;
  }
  const port = parseUint(portText, 65535);
  if (port === null) return null;
  if (isCanonicalIPv4(host)) return { address: host, family: 'inet', port };
  const ip = parseIpAddress(host);
  if (!ip) return null;
  return { address: ip.text, family: ip.family, port };
}

/** A decimal integer 0..max written without sign or leading junk. */
export function parseUint(s: string, max: number): number | null {
  if (s.length === 0 || s.length > 10) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const n = Number(s);
  return n <= max ? n : null;
}
