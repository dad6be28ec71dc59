import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../lab/api/lab.js';

export const SECOND_VIP = '192.168.122.51';

export interface ClusterShape {
  /** Real server name => weight of its backend in the DR service `web` on the lab's VIP (scheduler rr). */
  web: ReadonlyMap<string, number>;
  /** Real servers behind a second DR service `second` on SECOND_VIP:80; none when empty. */
  second?: readonly string[];
  drainTimeout?: string;
}

// Ten key exchanges at once under TCG on a loaded 2-core machine outlast the default 10 s connect timeout
// ("Connection timed out during banner exchange").
const CONNECT_TIMEOUT = '90s';

function realServerBlock(l: Lab, name: string): string {
  const address = l.address(name);
  return `realserver "${name}" {\n  address = "${address}"\n  connection {\n    host    = "${address}"\n    timeout = "${CONNECT_TIMEOUT}"\n  }\n}\n`;
}

function serviceBlock(name: string, vip: string, drainTimeout: string, backends: Iterable<[string, number]>): string {
  const lines = [...backends].map(([rs, weight]) => `  backend "${rs}" { weight = ${weight} }`);
  return [
    `virtual_server "${name}" {`,
    '  director      = "lvs-dr"',
    `  address       = "${vip}"`,
    '  port          = 80',
    '  scheduler     = "rr"',
    '  forwarding    = "dr"',
    `  drain_timeout = "${drainTimeout}"`,
    ...lines,
    '}',
    '',
  ].join('\n');
}

/** A configuration directory that each shape is written into in turn, as an operator edits one directory
 * (its lvsplan.hosts.json remembers real servers whose blocks a later shape removes). */
export function clusterConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'lvsplan-cluster-'));
}

/** Writes the lab cluster's configuration of this shape into dir (replacing its main.hcl) and returns dir. */
export function writeClusterConfig(l: Lab, dir: string, shape: ClusterShape): string {
  const second = shape.second ?? [];
  const realServers = [...new Set([...shape.web.keys(), ...second])].sort();
  const drain = shape.drainTimeout ?? '20s';
  const text = [
    // A drain that times out deletes destinations with closing connections; with conn_reuse_mode 2 a client port one of
    // them used is scheduled again instead of dropped (test/e2e/drain-port-reuse.test.ts; 1 of 5,623 requests on 1 Dec).
    `director "lvs-dr" {\n  connection {\n    host    = "${l.address('director')}"\n    timeout = "${CONNECT_TIMEOUT}"\n  }\n  interface = "eth0"\n  sysctls = { "net.ipv4.vs.conn_reuse_mode" = 2 }\n}\n`,
    ...realServers.map((rs) => realServerBlock(l, rs)),
    serviceBlock('web', l.vip, drain, shape.web),
    second.length > 0 ? serviceBlock('second', SECOND_VIP, drain, second.map((rs) => [rs, 1] as [string, number])) : '',
  ].join('\n');
  writeFileSync(join(dir, 'main.hcl'), text);
  return dir;
}
