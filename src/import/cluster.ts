import type { Family } from '../model/ip-address.js';
import type { Protocol } from '../model/identity.js';

/**
 * What an import found, in lvsplan's terms, before it is written as HCL. The live import and both
 * converters produce this; one writer turns it into text.
 */
export type Forwarding = 'dr' | 'nat' | 'tunnel';

export interface ImportedTunnel {
  type: 'ipip' | 'gue' | 'gre';
  port: number | null;
  checksum: 'nocsum' | 'csum' | 'remcsum' | null;
}

export interface ImportedBackend {
  /** A declared realserver this destination's address belongs to; null for an `address =` backend. */
  realserver: string | null;
  address: string;
  /** The destination port as IPVS holds it. */
  port: number;
  weight: number;
  upper: number;
  lower: number;
  forwarding: Forwarding;
  tunnel: ImportedTunnel | null;
  /** This backend's own check, where it differs from the service's. */
  healthCheck: ImportedHealthCheck | null;
}

/** A health check in lvsplan's health_check language. */
export interface ImportedHealthCheck {
  type: 'tcp' | 'http' | 'https' | 'command';
  port: number | null;
  interval: number | null;
  timeout: number | null;
  rise: number | null;
  fall: number | null;
  path: string | null;
  host: string | null;
  /** Codes and "lo-hi" ranges. */
  expectStatus: string[] | null;
  expectBody: string | null;
  /** argv */
  command: string[] | null;
}

export interface ImportedPersistence {
  timeout: number;
  /** dotted quad (IPv4) or prefix length (IPv6); null for the default full mask */
  netmask: string | number | null;
  engine: string | null;
}

export interface ImportedService {
  /** Name hint: a keepalived group's name, or null to derive one from the identity. */
  group: string | null;
  director: string;
  protocol: Protocol | null;
  address: string | null;
  port: number | null;
  fwmark: number | null;
  family: Family;
  vips: string[];
  scheduler: string;
  schedulerFlags: string[];
  persistence: ImportedPersistence | null;
  onePacket: boolean;
  backends: ImportedBackend[];
  healthCheck: ImportedHealthCheck | null;
  sorryServer: { address: string; port: number | null } | null;
  /** Notes written above the block (where it came from, what could not be converted). */
  comments: string[];
}

export interface ImportedDirector {
  name: string;
  /** Written as a new block (converters with no director declared); false: the block exists. */
  write: boolean;
  interface: string | null;
  /** false where something else binds the VIPs; a declared block that binds them is then edited. */
  bindVips: boolean;
  sysctls: Record<string, string>;
  comments: string[];
}

export interface ImportedCluster {
  directors: ImportedDirector[];
  services: ImportedService[];
  /** Header comment lines: where the import came from. */
  header: string[];
}
