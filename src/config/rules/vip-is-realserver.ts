import { errorDiag } from '../../hcl/diagnostic.js';
import type { Rule } from './rule.js';

/** A VIP that is also some real server's own address would be bound on that server twice over. */
export const vipIsRealserver: Rule = (cfg, out) => {
  const own = new Map<string, string>();
  for (const r of cfg.decl.realservers) if (r.address) own.set(r.address.v, r.name);
  return {
    service(s) {
      const vipRanges = s.decl.vip ? [s.decl.vip] : s.decl.vips;
      for (const v of vipRanges) {
        const rs = own.get(v.v);
        if (rs !== undefined)
          out.push(errorDiag('VIP is a real server address', `${v.v} is the own address of realserver ${JSON.stringify(rs)}. A VIP must be an address of its own, not a host's address. Pick a free address for the VIP.`, v.r));
      }
    },
  };
};
