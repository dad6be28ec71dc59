import { destinationId, serviceId, type Protocol } from '../model/identity.js';
import { parseAddrPort } from '../../providers/ipvs/addr-port.js';
import { parseFwmark } from '../../providers/ipvs/svc-token.js';

const PROTOS: Record<string, Protocol> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

/** The drain poll: `ipvsadm -Ln --thresholds` (rows: -> addr:port Uthreshold Lthreshold ActiveConn InActConn). */
export const ACTIVE_CONNS_ARGV = ['ipvsadm', '-Ln', '--thresholds'];

export interface ConnCounts {
  active: number;
  inactive: number;
}

/**
 * Whether a draining destination of this service waits for its InActConn too. As kube-proxy's graceful
 * termination: TCP (and fwmark services, which mostly carry TCP) until ActiveConn + InActConn is 0, since a
 * closing connection (FIN_WAIT, TIME_WAIT) still has packets in flight to that real server; UDP and SCTP only
 * for ActiveConn, since their inactive entries just wait out a timeout.
 */
export function waitsForInactive(serviceId: string): boolean {
  return serviceId.startsWith('tcp:') || serviceId.startsWith('fwmark');
}

/** destination id -> ActiveConn and InActConn. Rows that cannot be read are left out. */
export function parseConnCounts(text: string): Map<string, ConnCounts> {
  const out = new Map<string, ConnCounts>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const t = line.trim().split(/\s+/).filter((x) => x !== '');
    if (t.length === 0) continue;
    if (t[0] === '->') {
      const ap = parseAddrPort(t[1] ?? '');
      if (current && ap && /^\d+$/.test(t[4] ?? '') && /^\d+$/.test(t[5] ?? '')) {
        out.set(destinationId(current, ap.address, ap.port), { active: Number(t[4]), inactive: Number(t[5]) });
      }
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
