import { INTERFACE_NAME } from '../names/interface-name.js';
import type { AttrsOfSchema, Schema } from './attribute.js';


/** An IP address bound on an interface: `ip addr add|del CIDR dev IFACE`, read with `ip -o addr show`. */
export const ADDRESS = {
  interface: {
    kind: 'name', rule: INTERFACE_NAME, forcesReplacement: true, identity: true,
    host: 'dev IFACE', description: 'interface the address is bound on',
  },
  address: { kind: 'ip', forcesReplacement: true, identity: true, host: 'ADDR of CIDR', description: 'the address (a VIP)' },
  prefix_length: {
    kind: 'int', min: 0, max: 128, forcesReplacement: true,
    host: 'LEN of CIDR (0..32 for IPv4)', description: 'prefix length: 32 or 128 for a VIP',
  },
  family: { kind: 'enum', values: ['inet', 'inet6'], forcesReplacement: true, host: 'inet | inet6 column', description: 'address family' },
} as const satisfies Schema;

export type AddressAttrs = AttrsOfSchema<typeof ADDRESS>;
