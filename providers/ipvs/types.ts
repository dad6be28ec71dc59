import type { Family } from '../../src/model/ip-address.js';
import type { Protocol } from '../../src/model/identity.js';

import type { Forwarding, TunnelChecksum, TunnelType } from '../../src/model/schema/index.js';

export type { Forwarding, TunnelChecksum, TunnelType };

/** One destination as ipvsadm -Sn shows it (thresholds come from -Ln --thresholds). */
export interface IpvsDestination {
  address: string;
  family: Family;
  port: number;
  forwarding: Forwarding;
  weight: number;
  /** -x / -y when the text has them (-R input; -Sn never prints them) */
  upper: number | null;
  lower: number | null;
  tunnelType: TunnelType | null;
  tunnelPort: number | null;
  tunnelChecksum: TunnelChecksum | null;
}

/** One virtual service as ipvsadm -Sn shows it. Address services have protocol/address/port; fwmark services have fwmark. */
export interface IpvsService {
  family: Family;
  protocol: Protocol | null;
  address: string | null;
  port: number | null;
  fwmark: number | null;
  scheduler: string;
  persistent: boolean;
  timeout: number | null;
  /** dotted quad (IPv4) or prefix length (IPv6); null when not printed (default mask) */
  netmask: string | null;
  pe: string | null;
  onePacket: boolean;
  schedFlags: string[];
  destinations: IpvsDestination[];
}

export interface Thresholds {
  upper: number;
  lower: number;
}
