import { parseIpAddress, type Family } from '../../src/model/ip-address.js';

export interface ObservedAddress {
  interface: string;
  address: string;
  prefix_length: number;
  family: Family;
}

export interface AddrParse {
  addresses: ObservedAddress[];
  problems: string[];
}

/**
 * Parses `ip -o addr show` (one address per line):
 *   "4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0:1\       valid_lft forever ..."
 * The interface is the second field (any "@peer" suffix dropped); labels, scope and lifetimes are
 * ignored. Point-to-point lines ("inet A peer B/len") take the prefix from the peer.
 */
export function parseIpAddrShow(text: string): AddrParse {
  const addresses: ObservedAddress[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const tokens = line.split(/\s+/).filter((t) => t !== '');
    const family = tokens[2];
    if (family !== 'inet' && family !== 'inet6') {
      if (!/^\d+:$/.test(tokens[0] ?? '')) problems.push(`line ${n + 1}: not an ip -o addr line: ${line.trim()}`);
      continue;
    }
    const iface = (tokens[1] ?? '').split('@')[0]!;
    let local = tokens[3] ?? '';
    if (!local.includes('/') && tokens[4] === 'peer') local = `${local}/${(tokens[5] ?? '').split('/')[1] ?? ''}`;
    const slash = local.indexOf('/');
    const ip = slash > 0 ? parseIpAddress(local.slice(0, slash)) : null;
    const prefix = slash > 0 ? Number(local.slice(slash + 1)) : NaN;
    const max = family === 'inet' ? 32 : 128;
    if (!ip || ip.family !== family || !Number.isInteger(prefix) || prefix < 0 || prefix > max || iface === '') {
      problems.push(`line ${n + 1}: cannot read address: ${line.trim()}`);
      continue;
    }
    addresses.push({ interface: iface, address: ip.text, prefix_length: prefix, family });
  }
  return { addresses, problems };
}
