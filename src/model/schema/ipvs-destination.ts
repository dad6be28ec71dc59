import type { AttrsOfSchema, Schema } from './attribute.js';

const INT_MAX = 2147483647;

/** A real server of an IPVS service (ipvs-reference §1, §3.3, §6): ipvsadm -a / -e / -d. */
export const IPVS_DESTINATION = {
  service: {
    kind: 'text', forcesReplacement: true, identity: true,
    host: 'the service designation of the -a line', description: 'id of the service it belongs to',
  },
  address: { kind: 'ip', forcesReplacement: true, identity: true, host: 'ADDR of -r ADDR:PORT', option: '-r', description: 'real server address' },
  port: {
    kind: 'int', min: 0, max: 65535, forcesReplacement: true, identity: true,
    host: 'PORT of -r ADDR:PORT', description: 'real server port (the service port for DR and tunnel on address services)',
  },
  forwarding: { kind: 'enum', values: ['dr', 'nat', 'tunnel'], default: 'dr', host: '-g | -m | -i', options: { dr: '-g', nat: '-m', tunnel: '-i' }, description: 'forwarding method' },
  weight: {
    // Debian's ipvsadm (the lab's) takes 0..INT_MAX; upstream ipvsadm stops at 65535 (ipvs-reference §6).
    kind: 'int', min: 0, max: INT_MAX, default: 1,
    host: '-w', option: '-w', description: 'weight; 0 quiesces the destination',
  },
  upper_threshold: {
    kind: 'int', min: 0, max: INT_MAX, default: 0,
    host: '-x; read from ipvsadm -Ln --thresholds (-S omits it)', option: '-x', description: 'connection limit; 0 = none',
  },
  lower_threshold: {
    kind: 'int', min: 0, max: INT_MAX, default: 0,
    host: '-y; read from ipvsadm -Ln --thresholds (-S omits it)', option: '-y', description: 'connections below which an overloaded destination is used again',
  },
  tunnel_type: {
    kind: 'enum', values: ['ipip', 'gue', 'gre'], nullable: true, default: 'ipip',
    host: '--tun-type', option: '--tun-type', description: 'tunnel encapsulation (tunnel forwarding only)',
  },
  tunnel_port: {
    kind: 'int', min: 1, max: 65535, nullable: true, default: null,
    host: '--tun-port', option: '--tun-port', description: 'UDP port of a gue tunnel',
  },
  tunnel_checksum: {
    kind: 'enum', values: ['nocsum', 'csum', 'remcsum'], nullable: true, default: 'nocsum',
    host: '--tun-nocsum | --tun-csum | --tun-remcsum',
    options: { nocsum: '--tun-nocsum', csum: '--tun-csum', remcsum: '--tun-remcsum' }, description: 'checksum mode of a gue or gre tunnel (gre: no remcsum)',
  },
} as const satisfies Schema;

export type IpvsDestinationAttrs = AttrsOfSchema<typeof IPVS_DESTINATION>;
export type Forwarding = IpvsDestinationAttrs['forwarding'];
export type TunnelType = NonNullable<IpvsDestinationAttrs['tunnel_type']>;
export type TunnelChecksum = NonNullable<IpvsDestinationAttrs['tunnel_checksum']>;
