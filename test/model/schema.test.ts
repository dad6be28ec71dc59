import { describe, expect, it } from 'vitest';
import { checkValue, REPLACING_ATTRS, SCHEMAS, validateAttrs, type AttrSpec } from '../../src/model/schema/index.js';

const service = {
  family: 'inet', protocol: 'udp', address: '10.0.0.1', port: 53, fwmark: null, scheduler: 'sh', persistent: true,
  persistence_timeout: 360, persistence_netmask: '255.255.255.0', persistence_engine: null, one_packet: true,
  scheduler_flags: ['sh-fallback', 'sh-port'],
};
const destination = {
  service: 'udp:10.0.0.1:53', address: '10.0.0.2', port: 53, forwarding: 'tunnel', weight: 2147483647,
  upper_threshold: 10, lower_threshold: 5, tunnel_type: 'gue', tunnel_port: 6080, tunnel_checksum: 'remcsum',
};

describe('resource schemas', () => {
  it('declare defaults that are valid values of their own attributes', () => {
    for (const [type, schema] of Object.entries(SCHEMAS)) {
      for (const [name, spec] of Object.entries(schema as Record<string, AttrSpec>)) {
        if (!('default' in spec) || spec.default === undefined) continue;
        const v = Array.isArray(spec.default) ? [...spec.default] : spec.default;
        expect(checkValue(name, spec, v), `${type}.${name}`).toBeNull();
      }
    }
  });

  it('accept a complete, consistent attribute set', () => {
    expect(validateAttrs('ipvs_service', service)).toBeNull();
    expect(validateAttrs('ipvs_destination', destination)).toBeNull();
    expect(validateAttrs('address', { interface: 'lo', address: '2001:db8::1', prefix_length: 128, family: 'inet6' })).toBeNull();
    expect(validateAttrs('sysctl', { name: 'net.ipv4.ip_forward', value: '1' })).toBeNull();
  });

  it.each([
    ['ipvs_service', { ...service, weight: 1 }, 'has no attribute "weight"'],
    ['ipvs_service', { ...service, scheduler_flags: undefined }, 'scheduler_flags is missing'],
    ['ipvs_service', { ...service, protocol: 'tcp' }, 'one_packet is only for UDP'],
    ['ipvs_service', { ...service, persistence_netmask: '255.0.255.0' }, 'not a contiguous netmask'],
    ['ipvs_service', { ...service, persistent: false }, 'need persistent = true'],
    ['ipvs_destination', { ...destination, weight: 2147483648 }, 'weight must be an integer in 0..2147483647'],
    ['ipvs_destination', { ...destination, lower_threshold: 11 }, 'above upper_threshold'],
    ['ipvs_destination', { ...destination, tunnel_type: 'gre' }, 'gre tunnel takes no tunnel_port'],
    ['ipvs_destination', { ...destination, forwarding: 'dr' }, 'tunnel settings need forwarding = tunnel'],
    ['address', { interface: 'lo', address: '10.0.0.1', prefix_length: 33, family: 'inet' }, 'prefix_length must be in 0..32'],
    ['address', { interface: '-x', address: '10.0.0.1', prefix_length: 32, family: 'inet' }, 'interface is not a valid interface name'],
    ['sysctl', { name: 'net.ipv4.ip_forward' }, 'value is missing'],
  ] as const)('refuse %s %j', (type, attrs, message) => {
    expect(validateAttrs(type, attrs)).toContain(message);
  });

  it('derive the attributes whose change forces replacement', () => {
    expect(REPLACING_ATTRS).toEqual({
      ipvs_service: ['family', 'protocol', 'address', 'port', 'fwmark'],
      ipvs_destination: ['service', 'address', 'port'],
      address: ['interface', 'address', 'prefix_length', 'family'],
      sysctl: ['name'],
    });
  });
});
