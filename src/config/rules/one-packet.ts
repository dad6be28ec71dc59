import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Rule } from './rule.js';

export const onePacket: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  for (const s of cfg.services) {
    const op = s.decl.onePacket;
    const proto = s.decl.protocol?.v;
    if (op?.v && !s.decl.fwmark && proto !== 'udp')
      out.push(errorDiag('One-packet scheduling is only for UDP', `one_packet applies to UDP and fwmark services only; this service is ${proto}. Remove one_packet or set protocol = "udp".`, op.r));
  }
  return out;
};
