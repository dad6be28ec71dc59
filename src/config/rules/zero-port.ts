import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Rule } from './rule.js';

export const zeroPort: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  for (const s of cfg.services) {
    const p = s.decl.port;
    if (!p) continue;
    if (p.v < 0 || p.v > 65535) out.push(errorDiag('Port out of range', `Ports are 0..65535; ${p.v} is not.`, p.r));
    else if (p.v === 0 && !s.decl.persistence)
      out.push(errorDiag('Zero port specified for non-persistent service', 'Port 0 (all ports) is only allowed for persistent services. Add a persistence { } block or use a real port.', p.r));
    for (const b of s.backends) {
      const bp = b.decl.port;
      if (bp && (bp.v < 0 || bp.v > 65535)) out.push(errorDiag('Port out of range', `Ports are 0..65535; ${bp.v} is not.`, bp.r));
    }
  }
  return out;
};
