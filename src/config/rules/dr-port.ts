import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Forwarding } from '../decl.js';
import type { Located } from '../located.js';
import type { Rule } from './rule.js';

/**
 * DR and TUN forward packets unchanged, so a non-fwmark service's destinations (its backends and its
 * sorry server) must listen on the service port.
 */
export const drPort: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  for (const s of cfg.services) {
    if (s.decl.fwmark || !s.decl.port) continue;
    const servicePort = s.decl.port.v;
    const check = (what: string, port: Located<number> | null, forwarding: Forwarding): void => {
      if (!port || forwarding === 'nat' || port.v === servicePort) return;
      out.push(
        errorDiag(
          `${what} port differs from the service port`,
          `With forwarding = ${JSON.stringify(forwarding)} the real server receives the packet unchanged, so its port is the service port ${servicePort}; ipvsadm would silently use ${servicePort} and the plan would never converge. Remove port, set it to ${servicePort}, or use forwarding = "nat" for port mapping.`,
          port.r,
        ),
      );
    };
    for (const b of s.backends) check('Backend', b.decl.port, b.forwarding);
    const sorry = s.decl.sorryServer;
    if (sorry) check('Sorry server', sorry.port, sorry.forwarding?.v ?? s.decl.forwarding.v);
  }
  return out;
};
