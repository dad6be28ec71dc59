import { MODULE_NAME } from '../names/module-name.js';
import type { AttrsOfSchema, Schema } from './attribute.js';

/** Every IPVS scheduler of the Linux kernel (ipvsadm lists all but twos; the kernel has twos too). */
export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos'] as const;
export const PERSISTENCE_ENGINES = ['sip'] as const;
export const DEFAULT_PERSISTENCE_TIMEOUT = 360;

/** An IPVS virtual service (ipvs-reference §1, §3.2): ipvsadm -A / -E / -D, read with -Sn. */
export const IPVS_SERVICE = {
  family: {
    kind: 'enum', values: ['inet', 'inet6'], default: 'inet', forcesReplacement: true, identity: true,
    host: '-6 after -f; implied by the address otherwise',
    description: 'address family',
  },
  protocol: {
    kind: 'enum', values: ['tcp', 'udp', 'sctp'], nullable: true, default: 'tcp', forcesReplacement: true, identity: true,
    host: '-t | -u | --sctp-service', options: { tcp: '-t', udp: '-u', sctp: '--sctp-service' },
    description: 'protocol of an address service; null for a fwmark service',
  },
  address: {
    kind: 'ip', nullable: true, forcesReplacement: true, identity: true,
    host: 'ADDR of -t ADDR:PORT', description: 'the VIP of an address service',
  },
  port: {
    kind: 'int', min: 0, max: 65535, nullable: true, forcesReplacement: true, identity: true,
    host: 'PORT of -t ADDR:PORT', description: 'the virtual port; 0 (all ports) only with persistence',
  },
  fwmark: {
    kind: 'int', min: 1, max: 4294967295, nullable: true, forcesReplacement: true, identity: true,
    host: '-f MARK (-S prints marks >= 2^31 negative)', option: '-f', description: 'firewall mark of a fwmark service',
  },
  scheduler: {
    kind: 'name', rule: MODULE_NAME, known: SCHEDULERS, default: 'wlc',
    host: '-s', option: '-s', description: 'scheduling algorithm',
  },
  persistent: { kind: 'bool', default: false, host: '-p', option: '-p', description: 'persistent service' },
  persistence_timeout: {
    kind: 'int', min: 1, max: 2678400, nullable: true, default: DEFAULT_PERSISTENCE_TIMEOUT,
    host: '-p TIMEOUT', option: '-p', description: 'persistence timeout in seconds (31 days at most)',
  },
  persistence_netmask: {
    kind: 'text', nullable: true, default: null,
    host: '-M (omitted for the full mask)', option: '-M',
    description: 'client netmask grouping persistence: a dotted quad (IPv4) or prefix length 1..128 (IPv6); null for the full mask',
  },
  persistence_engine: {
    kind: 'name', rule: MODULE_NAME, known: PERSISTENCE_ENGINES, nullable: true, default: null,
    host: '--pe', option: '--pe', description: 'persistence engine',
  },
  one_packet: { kind: 'bool', default: false, host: '-o', option: '-o', description: 'one-packet scheduling (UDP and fwmark services)' },
  scheduler_flags: {
    kind: 'list', values: ['flag-1', 'flag-2', 'flag-3', 'sh-fallback', 'sh-port', 'mh-fallback', 'mh-port'], default: [],
    host: '-b a,b', option: '-b', description: 'scheduler flags, in the scheduler\'s own names and -S order',
  },
} as const satisfies Schema;

export type IpvsServiceAttrs = AttrsOfSchema<typeof IPVS_SERVICE>;
