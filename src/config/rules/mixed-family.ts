import { errorDiag } from '../../hcl/diagnostic.js';
import { ipFamily } from '../resolve.js';
import type { Rule } from './rule.js';

/** Only tunnel forwarding may send to a real server of the other address family. */
export const mixedFamily: Rule = (_cfg, out) => ({
  service(s) {
    for (const v of s.decl.vips)
      if (ipFamily(v.v) !== s.family) out.push(errorDiag('VIP family differs from the service family', `${v.v} is not an ${s.family === 'inet' ? 'IPv4' : 'IPv6'} address; a fwmark service's vips must match its family.`, v.r));
  },
  backend(b, s) {
    if (!b.ip || b.forwarding === 'tunnel' || ipFamily(b.ip) === s.family) return;
    const r = b.decl.ip?.r ?? b.decl.realserver?.r ?? b.decl.range;
    out.push(
      errorDiag(
        'Backend address family differs from the service',
        `The service is ${s.family === 'inet' ? 'IPv4' : 'IPv6'} but backend ${b.ip} is not. Only forwarding = "tunnel" can mix address families; use a backend of the same family or tunnel forwarding.`,
        r,
      ),
    );
  },
});
