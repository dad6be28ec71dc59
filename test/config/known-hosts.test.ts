import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKnownHosts, readKnownHosts } from '../../src/config/known-hosts.js';

const file = (hosts: unknown[]) => JSON.stringify({ version: 1, hosts });
const ssh = (host: string, extra: Record<string, unknown> = {}) => ({ name: 'lvs02', role: 'realserver', connection: { type: 'ssh', host, timeout: 10, ...extra } });

describe('the known-hosts file', () => {
  it('reads ssh, exec and local connections', () => {
    expect(
      parseKnownHosts(
        file([
          ssh('192.168.122.20', { user: 'root', port: 2222, timeout: 5 }),
          { name: 'rs1', role: 'realserver', connection: { type: 'exec', command: ['ip', 'netns', 'exec', 'rs1'] } },
          { name: 'lb', role: 'director', connection: { type: 'local' } },
        ]),
      ),
    ).toEqual([
      { name: 'lvs02', role: 'realserver', connection: { type: 'ssh', host: '192.168.122.20', user: 'root', port: 2222, timeout: 5 } },
      { name: 'rs1', role: 'realserver', connection: { type: 'exec', command: ['ip', 'netns', 'exec', 'rs1'] } },
      { name: 'lb', role: 'director', connection: { type: 'local' } },
    ]);
  });

  it.each([
    ['an option for a host', file([ssh('-oProxyCommand=touch /tmp/x')]), /host "-oProxyCommand=touch \/tmp\/x" is not a valid host name/],
    ['shell text in a host', file([ssh('a;touch /tmp/x')]), /host "a;touch \/tmp\/x" is not a valid host name/],
    ['a bad user', file([ssh('h', { user: '-lroot' })]), /user "-lroot" is not a valid user name/],
    ['a port out of range', file([ssh('h', { port: 70000 })]), /port 70000 is not between 1 and 65535/],
    ['an unknown connection field', file([ssh('h', { proxyCommand: 'x' })]), /unexpected field "proxyCommand"/],
    ['a line break in an exec argument', file([{ name: 'r', role: 'realserver', connection: { type: 'exec', command: ['sh', 'a\nb'] } }]), /must not be empty programs or contain line breaks/],
    ['an empty exec command', file([{ name: 'r', role: 'realserver', connection: { type: 'exec', command: [] } }]), /non-empty list/],
    ['a bad host name', file([{ ...ssh('h'), name: '../x' }]), /host name "..\/x" is not valid/],
    ['an unknown role', file([{ ...ssh('h'), role: 'client' }]), /role must be/],
    ['an ssh connection without a timeout', file([{ name: 'r', role: 'realserver', connection: { type: 'ssh', host: 'h' } }]), /"timeout" must be a number/],
    ['a repeated host', file([ssh('h'), ssh('h')]), /listed twice/],
    ['another version', JSON.stringify({ version: 2, hosts: [] }), /not \{"version": 1/],
    ['not JSON', '{', /not JSON/],
  ])('refuses %s', (_, text, why) => {
    const r = parseKnownHosts(text);
    expect(typeof r).toBe('string');
    expect(r).toMatch(why);
  });

  it('is empty when absent, and a damaged file is one diagnostic naming it and what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplan-known-'));
    expect(readKnownHosts(dir)).toMatchObject({ hosts: [], diagnostics: [] });
    writeFileSync(join(dir, 'lvsplan.hosts.json'), file([ssh('$(reboot)')]));
    const r = readKnownHosts(dir);
    expect(r.hosts).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.summary).toBe('Invalid known-hosts file');
    expect(r.diagnostics[0]!.detail).toContain(join(dir, 'lvsplan.hosts.json'));
    expect(r.diagnostics[0]!.detail).toContain('delete it to make lvsplan forget that host');
  });
});
