import { parseFile } from '../../src/hcl/parse.js';
import { decodeConfig } from '../../src/config/decode-config.js';
import type { RawVariableValue } from '../../src/config/variables.js';
import type { DesiredResource } from '../../src/model/resource.js';

export function decode(src: string, variables: RawVariableValue[] = []) {
  const p = parseFile(src, 'main.hcl');
  if (p.diagnostics.length > 0) throw new Error('parse failed: ' + p.diagnostics.map((d) => d.summary).join('; '));
  return decodeConfig([p.file], { variables });
}

/** Decodes and fails the test with the diagnostics when there are any errors. */
export function decodeOk(src: string, variables: RawVariableValue[] = []) {
  const r = decode(src, variables);
  if (!r.desired) throw new Error('decode failed: ' + r.diagnostics.map((d) => `${d.summary}: ${d.detail}`).join('\n'));
  return r.desired;
}

export function byAddress(resources: DesiredResource[]): Map<string, DesiredResource[]> {
  const m = new Map<string, DesiredResource[]>();
  for (const r of resources) m.set(r.address, [...(m.get(r.address) ?? []), r]);
  return m;
}

export const HOSTS = `
director "d" {
  connection { host = "10.0.0.1" }
  interface = "eth0"
}
realserver "r1" {
  address = "10.0.0.11"
  connection { host = "10.0.0.11" }
}
realserver "r2" {
  address = "10.0.0.12"
  connection { host = "10.0.0.12" }
}
`;
