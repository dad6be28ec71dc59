import { describe, expect, it } from 'vitest';
import { parseKnownHosts } from '../../src/config/known-hosts.js';
import { decode } from './helpers.js';

/** The details of the errors a configuration gets. */
const details = (src: string): string[] => decode(src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail}`);

const cluster = (director: string, connection = 'connection { type = "local" }', extra = '') =>
  `${extra}director ${JSON.stringify(director)} {\n  ${connection}\n  interface = "eth0"\n}\nvirtual_server "web" {\n  director = ${JSON.stringify(director)}\n  address = "192.0.2.10"\n  port = 80\n  backend "b" { address = "192.0.2.20" }\n}\n`;

describe('a refused name or value names the characters its own rule refuses', () => {
  it.each([
    ['host name', cluster('web@1'), /Invalid host name: "web@1" is not a valid host name: it contains "@"; allowed are letters, digits and _ \. -/],
    ['host name +', cluster('web+1'), /it contains "\+"/],
    ['host name with a leading dot', cluster('.web'), /it starts with '\.'/],
    ['ssh host', cluster('d', 'connection { host = "lb1!x" }'), /Invalid ssh host: "lb1!x" is not a valid ssh host: it contains "!"; allowed are letters, digits and _ \. : % \[ \] -/],
    ['ssh user', cluster('d', 'connection {\n    host = "192.0.2.5"\n    user = "a+b"\n  }'), /Invalid ssh user: "a\+b" is not a valid ssh user: it contains "\+"/],
    ['sysctl value', cluster('d').replace('interface', 'sysctls = { "net.ipv4.vs.conntrack" = "1@2" }\n  interface'), /Invalid sysctl value: The value for net\.ipv4\.vs\.conntrack: sysctl value "1@2" contains "@"; it may hold only/],
  ])('%s', (_what, src, message) => {
    expect(details(src).join('\n')).toMatch(message);
  });

  it('a sensitive sysctl value is neither quoted nor spelled out', () => {
    const src = cluster('d', undefined, 'variable "v" {\n  default   = "|/bin/x"\n  sensitive = true\n}\n').replace('interface', 'sysctls = { "kernel.core_pattern" = var.v }\n  interface');
    const text = details(src).join('\n');
    expect(text).toContain('sysctl value (sensitive value) may hold only');
    expect(text).not.toContain('/bin/x');
    expect(text).not.toContain('"|"');
  });

  it('the known-hosts file: a host name with ":" says so', () => {
    expect(parseKnownHosts(JSON.stringify({ version: 1, hosts: [{ name: 'a:b', role: 'director', connection: { type: 'local' } }] }))).toBe(
      'hosts[0]: the host name "a:b" is not valid: it contains ":"; allowed are letters, digits and _ . -',
    );
  });
});
