import type { Range } from '../hcl/range.js';
import type { ConnectionSpec } from '../model/hosts.js';
import type { Family } from '../model/ip-address.js';
import type { Protocol } from '../model/identity.js';
import type { Forwarding, TunnelChecksum, TunnelType } from '../model/schema/index.js';
import type { HealthCheckDecl } from './decode-health-check.js';
import type { LifecycleDecl } from './decode-lifecycle.js';
import type { SorryServerDecl } from './decode-sorry-server.js';
import type { Located, LocatedMap } from './located.js';
import type { ProbeSpec } from '../model/health.js';

export type LocatedStringMap = LocatedMap;

/** The decoded configuration, before derivation into resources. Values keep their source ranges for the rules. */
export type { Forwarding };

export interface DirectorDecl {
  name: string;
  range: Range;
  connection: ConnectionSpec | null;
  /** Where an exec connection's command = is written. */
  commandRange?: Range;
  iface: Located<string>;
  exclusive: boolean;
  bindVips: boolean;
  sysctls: LocatedStringMap | null;
}

export interface RealServerDecl {
  name: string;
  range: Range;
  address: Located<string> | null;
  connection: ConnectionSpec | null;
  /** Where an exec connection's command = is written. */
  commandRange?: Range;
  manage: boolean;
  arpSysctls: boolean;
  sysctls: LocatedStringMap | null;
}

export interface PersistenceDecl {
  range: Range;
  timeout: Located<number>;
  netmask: Located<string | number> | null;
  engine: Located<string> | null;
}

export interface TunnelDecl {
  range: Range;
  type: Located<TunnelType> | null;
  port: Located<number> | null;
  checksum: Located<TunnelChecksum> | null;
}

/**
 * A backend as written. It holds nothing of its virtual_server instance (its address is the service's and its
 * name: resolve.ts's backendAddress), so the instances of a repeated virtual_server may share one (see
 * decode-virtual-server.ts): do not change it.
 */
export interface BackendDecl {
  name: string;
  range: Range;
  realserver: Located<string> | null;
  ip: Located<string> | null;
  weight: Located<number> | null;
  upper: Located<number> | null;
  lower: Located<number> | null;
  port: Located<number> | null;
  forwarding: Located<Forwarding> | null;
  tunnel: TunnelDecl | null;
  healthCheck: HealthCheckDecl | null;
  lifecycle: LifecycleDecl | null;
}

export interface VirtualServerDecl {
  /** virtual_server.web or virtual_server.web["key"] */
  address: string;
  range: Range;
  directors: Located<string>[];
  protocol: Located<Protocol> | null;
  vip: Located<string> | null;
  port: Located<number> | null;
  fwmark: Located<number> | null;
  family: Located<Family> | null;
  vips: Located<string>[];
  scheduler: Located<string>;
  schedulerFlags: Located<string>[];
  persistence: PersistenceDecl | null;
  onePacket: Located<boolean> | null;
  forwarding: Located<Forwarding>;
  drainTimeout: Located<number> | null;
  backends: BackendDecl[];
  healthCheck: HealthCheckDecl | null;
  sorryServer: SorryServerDecl | null;
  lifecycle: LifecycleDecl | null;
}

export interface ConfigDecl {
  directors: DirectorDecl[];
  realservers: RealServerDecl[];
  virtualServers: VirtualServerDecl[];
  probes: ProbeSpec[];
}
