import { errorDiag } from '../../hcl/diagnostic.js';
import { suggest } from '../../hcl/suggest.js';
import type { Rule } from './rule.js';

/** director = "x" and backend realservers must name declared blocks. */
export const unknownReferences: Rule = (cfg, out) => {
  const dirNames = [...cfg.directors.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none declared';
  const rsNames = [...cfg.realservers.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none declared';
  return {
    service(s) {
      for (const d of s.decl.directors)
        if (!cfg.directors.has(d.v))
          out.push(errorDiag('Reference to undeclared director', `There is no director ${JSON.stringify(d.v)}.${suggest(d.v, cfg.directors.keys())} Declare director ${JSON.stringify(d.v)} { ... } or use one of: ${dirNames}.`, d.r));
    },
    backend(b) {
      const rs = b.decl.realserver;
      if (rs && !b.rs && !b.decl.ip)
        out.push(
          errorDiag(
            'Reference to undeclared realserver',
            `There is no realserver ${JSON.stringify(rs.v)} (declared: ${rsNames}).${suggest(rs.v, cfg.realservers.keys())} Declare it with realserver ${JSON.stringify(rs.v)} { address = "..." }, or give the backend address = "..." if lvsplan should not manage that host.`,
            rs.r,
          ),
        );
    },
  };
};
