import { errorDiag } from '../../hcl/diagnostic.js';
import type { Rule } from './rule.js';

export const onePacket: Rule = (_cfg, out) => ({
  service(s) {
    const op = s.decl.onePacket;
    const proto = s.decl.protocol?.v;
    if (op?.v && !s.decl.fwmark && proto !== 'udp')
      out.push(errorDiag('One-packet scheduling is only for UDP', `one_packet applies to UDP and fwmark services only; this service is ${proto}. Remove one_packet or set protocol = "udp".`, op.r));
  },
});
