import { errorDiag } from '../../hcl/diagnostic.js';
import type { Forwarding } from '../decl.js';
import type { Located } from '../located.js';
import type { Rule } from './rule.js';

/**
 * DR and TUN forward packets unchanged, so a non-fwmark service's destinations (its backends and its
 * sorry server) must listen on the service port.
 */
export const drPort: Rule = (_cfg, out) => {
  const check = (what: string, port: Located<number> | null, forwarding: Forwarding, servicePort: number): void => {
    if (!port || forwarding === 'nat' || port.v === servicePort) return;
    out.push(
      errorDiag(
        `${what} port differs from the service port`,
        `With forwarding = ${JSON.stringify(forwarding)} the real server receives the packet unchanged, so its port is the service port ${servicePort}; ipvsadm would silently use ${servicePort} and the plan would never converge. Remove port, set it to ${servicePort}, or use forwarding = "nat" for port mapping.`,
        port.r,
      ),
    );
  };
  return {
    backend(b, s) {
      if (!s.decl.fwmark && s.decl.port) check('Backend', b.decl.port, b.forwarding, s.decl.port.v);
    },
    serviceEnd(s) {
      const sorry = s.decl.sorryServer;
      if (sorry && !s.decl.fwmark && s.decl.port) check('Sorry server', sorry.port, sorry.forwarding?.v ?? s.decl.forwarding.v, s.decl.port.v);
    },
  };
};
