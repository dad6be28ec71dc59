import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Rule } from './rule.js';

/** DR and TUN forward packets unchanged, so a non-fwmark service's backend port must be the service port. */
export const drPort: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  for (const s of cfg.services) {
    if (s.decl.fwmark || !s.decl.port) continue;
    for (const b of s.backends) {
      const p = b.decl.port;
      if (p && b.forwarding !== 'nat' && p.v !== s.decl.port.v)
        out.push(
          errorDiag(
            'Backend port differs from the service port',
            `With forwarding = ${JSON.stringify(b.forwarding)} the real server receives the packet unchanged, so its port is the service port ${s.decl.port.v}; ipvsadm would silently use ${s.decl.port.v} and the plan would never converge. Remove port, set it to ${s.decl.port.v}, or use forwarding = "nat" for port mapping.`,
            p.r,
          ),
        );
    }
  }
  return out;
};
