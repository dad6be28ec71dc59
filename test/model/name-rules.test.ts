import { describe, expect, it } from 'vitest';
import { decode } from '../config/helpers.js';
import { validateAttrs } from '../../src/model/schema/index.js';
import { addressAddArgv } from '../../providers/address/argv.js';
import { sysctlWriteArgv } from '../../providers/sysctl/write.js';
import { sysctlReadArgv } from '../../providers/sysctl/read.js';

/** One name, three judges: configuration validation, the saved-plan attribute check, the provider. */
function configAccepts(hcl: string): boolean {
  return !decode(hcl).diagnostics.some((d) => d.severity === 'error' && /Invalid (interface|sysctl) name/.test(d.summary));
}

const INTERFACES: [string, boolean][] = [
  ['eth0', true], ['bond0.100', true], ['veth-rs1', true], ['abcdefghijklmno', true], ['wg+x', true],
  ['eth0:0', false], ['a/b', false], ['lo dev eth0', false], ['-all', false], ['abcdefghijklmnop', false], ['eth0;reboot', false],
];

const SYSCTLS: [string, boolean][] = [
  ['net.ipv4.vs.expire_nodest_conn', true], ['net.ipv4.conf.eth0/100.rp_filter', true], ['net.ipv4.conf.veth-rs1.arp_ignore', true],
  ['net.ipv4.conf.eth:0.arp_ignore', false], ['net.ipv4..x', false], ['net.ipv4.conf.//.x', false], ['net', false],
  ['-net.ipv4.x', false], ['kernel.core_pattern=x', false], ['net.ipv4.a b', false],
];

describe('one rule per name kind', () => {
  it.each(INTERFACES)('interface %j: valid=%s everywhere', (name, valid) => {
    const hcl = `director "d" {\n  connection { type = "local" }\n  interface = ${JSON.stringify(name)}\n}\n`;
    const attrs = { interface: name, address: '10.0.0.1', prefix_length: 32, family: 'inet' };
    expect([configAccepts(hcl), validateAttrs('address', attrs) === null, addressAddArgv(attrs).ok]).toEqual([valid, valid, valid]);
  });

  it.each(SYSCTLS)('sysctl %j: valid=%s everywhere', (name, valid) => {
    const hcl = `director "d" {\n  connection { type = "local" }\n  interface = "eth0"\n  sysctls = { ${JSON.stringify(name)} = 1 }\n}\n`;
    const judged = [
      configAccepts(hcl),
      validateAttrs('sysctl', { name, value: '1' }) === null,
      sysctlWriteArgv(name, '1').ok,
      !('error' in sysctlReadArgv([name])),
    ];
    expect(judged).toEqual([valid, valid, valid, valid]);
  });

  it('the diagnostic names the offending character and the file position', () => {
    const d = decode('director "d" {\n  connection { type = "local" }\n  interface = "eth0:0"\n}\n').diagnostics.find((x) => x.summary === 'Invalid interface name');
    expect(d?.detail).toMatch(/contains ":"/);
    expect(d?.subject?.start.line).toBe(3);
  });
});
