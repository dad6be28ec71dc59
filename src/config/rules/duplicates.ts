import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { formatRange } from '../../hcl/range.js';
import { destinationId } from '../../model/identity.js';
import type { Rule } from './rule.js';

/** Two virtual_servers with one identity on the same director. */
export const duplicateServices: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  const seen = new Map<string, (typeof cfg.services)[number]>();
  for (const s of cfg.services) {
    if (!s.id) continue;
    for (const d of s.directors) {
      const key = `${d.name}\u0000${s.id}`;
      const prev = seen.get(key);
      if (prev === undefined) seen.set(key, s);
      else out.push(errorDiag('Duplicate virtual service', `${s.decl.address} is the same IPVS service (${s.id}) on director ${JSON.stringify(d.name)} as ${prev.decl.address} at ${formatRange(prev.decl.range)}. Remove one of them or change its address, port, protocol or fwmark.`, s.decl.range));
    }
  }
  return out;
};

/** Two backends of one service with the same name or the same address and port. */
export const duplicateBackends: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  for (const s of cfg.services) {
    const names = new Set<string>();
    const dests = new Map<string, string>();
    for (const b of s.backends) {
      if (names.has(b.decl.name)) {
        out.push(errorDiag('Duplicate backend', `${s.decl.address} already has a backend named ${JSON.stringify(b.decl.name)}. Backend names must be unique within a virtual_server.`, b.decl.range));
        continue;
      }
      names.add(b.decl.name);
      if (!b.ip) continue;
      const id = b.id ?? destinationId('', b.ip, b.port);
      const prev = dests.get(id);
      if (prev === undefined) dests.set(id, b.decl.name);
      else out.push(errorDiag('Duplicate backend', `Backend ${JSON.stringify(b.decl.name)} is the same destination (${id.slice(id.indexOf('->') + 2)}) as backend ${JSON.stringify(prev)}. Remove one of them.`, b.decl.ip?.r ?? b.decl.range));
    }
  }
  return out;
};
