import { serviceId } from '../../src/model/identity.js';
import type { Family } from '../../src/model/ip-address.js';
import type { Protocol } from '../../src/model/identity.js';

/** A service's id (model/identity.ts) from its identity attributes. */
export function ipvsServiceId(s: { family: Family; protocol: Protocol | null; address: string | null; port: number | null; fwmark: number | null }): string {
  if (s.fwmark !== null) return serviceId({ kind: 'fwmark', family: s.family, fwmark: s.fwmark });
  return serviceId({ kind: 'addr', protocol: s.protocol!, address: s.address!, port: s.port! });
}
