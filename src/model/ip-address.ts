/**
 * IP address parsing and canonical forms. The canonical text of an address is what `inet_ntop`
 * prints (and so what ipvsadm -Sn and `ip addr` print): dotted quad for IPv4, RFC 5952 compressed
 * lowercase for IPv6. Every address lvsplan compares goes through here.
 */
export type Family = 'inet' | 'inet6';

export interface IpAddress {
  family: Family;
  /** 4 or 16 bytes */
  bytes: Uint8Array;
  text: string;
}

/** Dotted quad with parts 0..255 written without leading zeros (what inet_ntop prints), or null. */
export function parseIPv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  return scanIPv4(s, out) ? out : null;
}

/** True for a dotted quad in its canonical form (parseIPv4 would read it), without making its bytes. */
export function isCanonicalIPv4(s: string): boolean {
  return scanIPv4(s, null);
}

function scanIPv4(s: string, out: Uint8Array | null): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i === s.length ? 46 : s.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || value > 255 || part > 3) return false;
      if (out !== null) out[part] = value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return false;
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
    } else {
      return false;
    }
  }
  return part === 4;
}

export function parseIPv6(s: string): Uint8Array | null {
  if (s.length === 0 || s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i]!;
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return null;
        groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        groups.push(parseInt(g, 16));
      }
    }
    return groups;
  };
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

export function formatIPv4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** RFC 5952 text, matching glibc inet_ntop (including ::ffff:a.b.c.d for IPv4-mapped). */
export function formatIPv6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[2 * i]! << 8) | b[2 * i + 1]!);
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return groups.map((g) => g.toString(16)).join(':');
  const left = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const right = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(':');
  return `${left}::${right}`;
}

export function parseIpAddress(s: string): IpAddress | null {
  const v4 = parseIPv4(s);
  if (v4) return { family: 'inet', bytes: v4, text: formatIPv4(v4) };
  const v6 = parseIPv6(s);
  if (v6) return { family: 'inet6', bytes: v6, text: formatIPv6(v6) };
  return null;
}

/** The canonical text of an address, or null if it is not an IP address. */
export function canonicalIp(s: string): string | null {
  if (isCanonicalIPv4(s)) return s;
  return parseIpAddress(s)?.text ?? null;
}

/** "a.b.c.d:port" or "[v6]:port", as ipvsadm -n prints it. */
export function formatAddrPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
