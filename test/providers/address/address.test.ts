import { describe, expect, it } from 'vitest';
import { addressAddArgv, addressDeleteArgv } from '../../../providers/address/argv.js';
import { interfaceNameError } from '../../../providers/address/interface-name.js';
import { parseIpAddrShow } from '../../../providers/address/parse-ip-addr.js';
import { addressToResources } from '../../../providers/address/to-resources.js';
import { fixture } from '../fixture.js';

// Real `ip -o addr show` (iproute2 6.1) from a namespace holding a labelled VIP, a /32 and /128 on
// lo, a point-to-point address and link-local IPv6.
const text = fixture('providers/ip-o-addr-show.txt');

describe('parseIpAddrShow', () => {
  const { addresses, problems } = parseIpAddrShow(text);

  it('reads every IPv4 and IPv6 address with its prefix', () => {
    expect(problems).toEqual([]);
    expect(addresses).toHaveLength(text.trim().split('\n').length);
    expect(addresses).toContainEqual({ interface: 'lo', address: '198.51.100.50', prefix_length: 32, family: 'inet' });
    expect(addresses).toContainEqual({ interface: 'lo', address: '2001:db8:1::50', prefix_length: 128, family: 'inet6' });
    expect(addresses).toContainEqual({ interface: 'eth0', address: '2001:db8:1::5', prefix_length: 64, family: 'inet6' });
  });

  it('puts a labelled address (eth0:vip) on its interface, not the label', () => {
    expect(addresses).toContainEqual({ interface: 'eth0', address: '198.51.100.50', prefix_length: 32, family: 'inet' });
    expect(addresses.some((a) => a.interface.includes(':'))).toBe(false);
  });

  it('takes a point-to-point prefix from the peer', () => {
    expect(addresses).toContainEqual({ interface: 'veth-x', address: '203.0.113.1', prefix_length: 32, family: 'inet' });
  });

  it('drops @peer suffixes, tolerates CRLF and reports junk lines', () => {
    const r = parseIpAddrShow('7: veth0@if6    inet 10.0.0.1/24 scope global veth0\r\ngarbage here\n8: x    inet 10.0.0.300/24\n');
    expect(r.addresses).toEqual([{ interface: 'veth0', address: '10.0.0.1', prefix_length: 24, family: 'inet' }]);
    expect(r.problems).toHaveLength(2);
  });
});

describe('addressToResources', () => {
  const { addresses } = parseIpAddrShow(text);
  it('keys by interface/address and filters to managed interfaces', () => {
    const all = addressToResources('rs1', addresses);
    expect(all.map((r) => r.id)).toContain('lo/198.51.100.50');
    const lo = addressToResources('rs1', addresses, ['lo']);
    expect(lo.map((r) => r.id)).toEqual(['lo/127.0.0.1', 'lo/198.51.100.50', 'lo/2001:db8:1::50', 'lo/::1']);
    expect(lo[1]).toEqual({ host: 'rs1', type: 'address', id: 'lo/198.51.100.50', attrs: { interface: 'lo', address: '198.51.100.50', prefix_length: 32, family: 'inet' } });
  });
});

describe('address argv builders', () => {
  const vip = { interface: 'lo', address: '192.168.122.50', prefix_length: 32, family: 'inet' };
  it('builds ip addr add/del argv', () => {
    expect(addressAddArgv(vip)).toEqual({ ok: true, value: ['ip', 'addr', 'add', '192.168.122.50/32', 'dev', 'lo'] });
    expect(addressDeleteArgv({ ...vip, interface: 'eth0.100' })).toEqual({ ok: true, value: ['ip', 'addr', 'del', '192.168.122.50/32', 'dev', 'eth0.100'] });
    expect(addressAddArgv({ interface: 'lo', address: '2001:db8::1', prefix_length: 128, family: 'inet6' })).toMatchObject({ ok: true, value: ['ip', 'addr', 'add', '2001:db8::1/128', 'dev', 'lo'] });
  });

  it.each([
    ['label', { ...vip, interface: 'eth0:0' }],
    ['slash', { ...vip, interface: 'a/b' }],
    ['space', { ...vip, interface: 'lo dev eth0' }],
    ['too long', { ...vip, interface: 'abcdefghijklmnop' }],
    ['dotdot', { ...vip, interface: '..' }],
    ['empty', { ...vip, interface: '' }],
    ['option-like address', { ...vip, address: '-6' }],
    ['non-canonical address', { ...vip, address: '2001:DB8::1', family: 'inet6' }],
    ['prefix too long', { ...vip, prefix_length: 33 }],
    ['family mismatch', { ...vip, family: 'inet6' }],
  ])('refuses %s', (_n, attrs) => {
    expect(addressAddArgv(attrs).ok).toBe(false);
    expect(addressDeleteArgv(attrs).ok).toBe(false);
  });

  it('interfaceNameError accepts ordinary names', () => {
    for (const n of ['lo', 'eth0', 'tunl0', 'veth-rs1', 'eth0.100', 'abcdefghijklmno']) expect(interfaceNameError(n)).toBeNull();
  });
});
