import { errorDiag } from '../../hcl/diagnostic.js';
import { formatRange } from '../../hcl/range.js';
import { formatAddrPort } from '../../model/ip-address.js';
import type { ResolvedService } from '../resolve.js';
import type { Rule } from './rule.js';

/** Two virtual_servers with one identity on the same director. */
export const duplicateServices: Rule = (_cfg, out) => {
  // By director name, the services by id.
  const seen = new Map<string, Map<string, ResolvedService>>();
  return {
    service(s) {
      if (!s.id) return;
      for (const d of s.directors) {
        let onDirector = seen.get(d.name);
        if (onDirector === undefined) seen.set(d.name, (onDirector = new Map()));
        const prev = onDirector.get(s.id);
        if (prev === undefined) onDirector.set(s.id, s);
        else out.push(errorDiag('Duplicate virtual service', `${s.decl.address} is the same IPVS service (${s.id}) on director ${JSON.stringify(d.name)} as ${prev.decl.address} at ${formatRange(prev.decl.range)}. Remove one of them or change its address, port, protocol or fwmark.`, s.decl.range));
      }
    },
  };
};

/** Two backends of one service with the same name or the same address and port. */
export const duplicateBackends: Rule = (_cfg, out) => {
  // The current service's backend names, and its destinations (addr:port) with the backend that has each.
  const names = new Set<string>();
  const dests = new Map<string, string>();
  return {
    service() {
      names.clear();
      dests.clear();
    },
    backend(b, s) {
      if (names.has(b.decl.name)) {
        out.push(errorDiag('Duplicate backend', `${s.decl.address} already has a backend named ${JSON.stringify(b.decl.name)}. Backend names must be unique within a virtual_server.`, b.decl.range));
        return;
      }
      names.add(b.decl.name);
      if (!b.ip) return;
      const dest = formatAddrPort(b.ip, b.port);
      const prev = dests.get(dest);
      if (prev === undefined) dests.set(dest, b.decl.name);
      else out.push(errorDiag('Duplicate backend', `Backend ${JSON.stringify(b.decl.name)} is the same destination (${dest}) as backend ${JSON.stringify(prev)}. Remove one of them.`, b.decl.ip?.r ?? b.decl.range));
    },
  };
};
