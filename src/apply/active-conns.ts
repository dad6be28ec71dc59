import { destinationId, serviceId, type Protocol } from '../model/identity.js';
import { parseAddrPort } from '../../providers/ipvs/addr-port.js';
import { parseFwmark } from '../../providers/ipvs/svc-token.js';

const PROTOS: Record<string, Protocol> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

/** The drain poll: `ipvsadm -Ln --thresholds` (rows: -> addr:port Uthreshold Lthreshold ActiveConn InActConn). */
export const ACTIVE_CONNS_ARGV = ['ipvsadm', '-Ln', '--thresholds'];

/** destination id -> ActiveConn. Rows that cannot be read are left out. */
export function parseActiveConns(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const t = line.trim().split(/\s+/).filter((x) => x !== '');
    if (t.length === 0) continue;
    if (t[0] === '->') {
      const ap = parseAddrPort(t[1] ?? '');
      const active = Number(t[4]);
      if (current && ap && /^\d+$/.test(t[4] ?? '')) out.set(destinationId(current, ap.address, ap.port), active);
    } else if (t[0] === 'FWM') {
      const mark = parseFwmark(t[1] ?? '');
      current = mark === null ? null : serviceId({ kind: 'fwmark', family: t[2] === 'IPv6' ? 'inet6' : 'inet', fwmark: mark });
    } else if (PROTOS[t[0]!]) {
      const ap = parseAddrPort(t[1] ?? '');
      current = ap ? serviceId({ kind: 'addr', protocol: PROTOS[t[0]!]!, address: ap.address, port: ap.port }) : null;
    }
  }
  return out;
}
