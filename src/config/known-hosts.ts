import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { ConnectionSpec } from '../model/hosts.js';
import { KNOWN_HOSTS_FILE, type KnownHost } from '../model/known-hosts.js';
import { connectionProblems } from '../transport/connection-check.js';
import { HOST_NAME } from './patterns.js';

const MAX_BYTES = 4 * 1024 * 1024;

export interface KnownHostsRead {
  /** Absolute path of the file (whether or not it exists yet). */
  file: string;
  hosts: KnownHost[];
  diagnostics: Diagnostic[];
}

/** Reads DIR/lvsplan.hosts.json; a missing file is an empty list. */
export function readKnownHosts(dir: string): KnownHostsRead {
  const file = resolve(join(dir, KNOWN_HOSTS_FILE));
  let text: string;
  try {
    if (statSync(file).size > MAX_BYTES) return { file, hosts: [], diagnostics: [invalid(file, `it is larger than ${MAX_BYTES} bytes`)] };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { file, hosts: [], diagnostics: [] };
    return { file, hosts: [], diagnostics: [errorDiag('Failed to read the known-hosts file', `Could not read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`)] };
  }
  const parsed = parseKnownHosts(text);
  return typeof parsed === 'string' ? { file, hosts: [], diagnostics: [invalid(file, parsed)] } : { file, hosts: parsed, diagnostics: [] };
}

function invalid(file: string, why: string): Diagnostic {
  return errorDiag(
    'Invalid known-hosts file',
    `${file}: ${why}.\nThis file is lvsplan's list of the hosts it has prepared for this configuration, so that it can clean up a host whose block is removed. Fix the entry, or delete it to make lvsplan forget that host (it is then left as it is).`,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The hosts in the file, or why it is not valid. Connections pass the same checks as configured ones. */
export function parseKnownHosts(text: string): KnownHost[] | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `it is not JSON (${(e as Error).message})`;
  }
  if (!isObject(v) || v.version !== 1 || !Array.isArray(v.hosts)) return 'it is not {"version": 1, "hosts": [...]}';
  const out: KnownHost[] = [];
  const seen = new Set<string>();
  for (const [i, h] of v.hosts.entries()) {
    const where = `hosts[${i}]`;
    if (!isObject(h) || typeof h.name !== 'string') return `${where} has no name`;
    const bad = HOST_NAME.reason(h.name);
    if (bad) return `${where}: the host name ${JSON.stringify(h.name)} is not valid: ${bad}`;
    if (seen.has(h.name)) return `${where}: ${h.name} is listed twice`;
    seen.add(h.name);
    if (h.role !== 'director' && h.role !== 'realserver') return `${where} (${h.name}): role must be "director" or "realserver"`;
    const connection = checkConnection(h.connection);
    if (typeof connection === 'string') return `${where} (${h.name}): ${connection}`;
    out.push({ name: h.name, role: h.role, connection });
  }
  return out;
}

/** The connection as the file has it, or why it is not one the configuration would accept. */
function checkConnection(c: unknown): ConnectionSpec | string {
  const problems = connectionProblems(c);
  return problems.length > 0 ? `connection: ${problems.join('; ')}` : (structuredClone(c) as ConnectionSpec);
}
