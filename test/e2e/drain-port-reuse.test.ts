import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api/lab.js';
import { useResetLab } from './support/use-reset-lab.js';
import { destinations, lvsplanExpect, output } from './support/apply-support.js';

// In DR the director sees only the client's half of a connection, so a closed connection's entry waits in
// FIN_WAIT (tcpfin, 120 s). A drain that times out deletes the destination with such entries; a new connection
// from a client port that one of them used is matched to that entry and, its destination gone, dropped.
const dirs: string[] = [];

function config(l: Lab, backends: readonly string[], directorSysctls: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drain-port-reuse-'));
  dirs.push(dir);
  const sysctls = Object.entries(directorSysctls).map(([k, v]) => `"${k}" = "${v}"`).join(', ');
  const text = [
    `director "lvs-dr" {`,
    `  connection { host = "${l.address('director')}" }`,
    `  interface = "eth0"`,
    `  sysctls = { ${sysctls} }`,
    `}`,
    ...backends.flatMap((b) => [`realserver "${b}" {`, `  address = "${l.address(b)}"`, `  connection { host = "${l.address(b)}" }`, `}`]),
    `virtual_server "web" {`,
    `  director      = "lvs-dr"`,
    `  protocol      = "tcp"`,
    `  address       = "${l.vip}"`,
    `  port          = 80`,
    `  scheduler     = "rr"`,
    `  forwarding    = "dr"`,
    `  drain_timeout = "2s"`,
    ...backends.map((b) => `  backend "${b}" { weight = 1 }`),
    `}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'main.hcl'), text);
  return dir;
}

/** One request from a fixed client port: the answering host, or curl's failure. The server closes first, so the port is
 * not left in the client's TIME_WAIT (curl could not bind it again: exit 45). */
async function fromPort(l: Lab, port: number): Promise<string> {
  const out = await l.mustExec('client', ['sh', '-c', 'curl -s -m 3 -H "Connection: close" --local-port "$1" "$2" || echo "curl-failed:$?"', 'curl', String(port), `http://${l.vip}/`]);
  return out.trim().replace(/ host!$/, '');
}

describe('a drain that times out and a client port used again', () => {
  const l = useResetLab();
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  // Kernel defaults: the reused port's connection is dropped, and lvsplan's apply warns. With either setting in the
  // director's sysctls, the connection is scheduled again (to lvs01) and there is nothing to warn about.
  for (const [name, sysctls, survives] of [
    ['kernel defaults', {}, false],
    ['conn_reuse_mode = 2', { 'net.ipv4.vs.conn_reuse_mode': '2' }, true],
    ['expire_nodest_conn = 1', { 'net.ipv4.vs.expire_nodest_conn': '1' }, true],
  ] as const) {
    it(`${name}: ${survives ? 'the reused port is scheduled again' : 'the reused port is dropped and apply warns'}`, async () => {
      await l.reset();
      // The lab's reset shortens tcpfin to 2 s; the kernel's is 120 s.
      await l.mustExec('director', ['ipvsadm', '--set', '0', '120', '0']);
      await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', config(l, ['lvs01', 'lvs02'], sysctls)], 0);
      let port = 41000;
      while ((await fromPort(l, port)) !== 'lvs02') port += 2;
      const r = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', config(l, ['lvs01'], sysctls)], 0);
      expect(output(r)).toMatch(/Drain timeout reached with 0 active connections, 1 inactive; removing/);
      expect((await destinations(l)).has(l.address('lvs02'))).toBe(false);
      const again = await fromPort(l, port);
      console.log(`drain-port-reuse: ${name}: a request from client port ${port} after lvs02 was deleted: ${again}`);
      expect(again).toBe(survives ? 'lvs01' : 'curl-failed:28');
      const warned = /Closing connections left on deleted destinations of lvs-dr/.test(output(r));
      expect(warned, output(r)).toBe(!survives);
      expect(await fromPort(l, port + 2)).toBe('lvs01');
    });
  }
});
