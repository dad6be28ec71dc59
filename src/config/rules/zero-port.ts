import { errorDiag } from '../../hcl/diagnostic.js';
import { IPVS_DESTINATION, IPVS_SERVICE, rangeText } from '../../model/schema/index.js';
import { inRange } from './in-range.js';
import type { Rule } from './rule.js';

const PORT = IPVS_SERVICE.port;
const DEST_PORT = IPVS_DESTINATION.port;

export const zeroPort: Rule = (_cfg, out) => ({
  service(s) {
    const p = s.decl.port;
    if (!p) return;
    if (!inRange(PORT, p.v)) out.push(errorDiag('Port out of range', `Ports are ${rangeText(PORT)}; ${p.v} is not.`, p.r));
    else if (p.v === 0 && !s.decl.persistence)
      out.push(errorDiag('Zero port specified for non-persistent service', 'Port 0 (all ports) is only allowed for persistent services. Add a persistence { } block or use a real port.', p.r));
  },
  backend(b, s) {
    const bp = b.decl.port;
    if (s.decl.port && bp && !inRange(DEST_PORT, bp.v)) out.push(errorDiag('Port out of range', `Ports are ${rangeText(DEST_PORT)}; ${bp.v} is not.`, bp.r));
  },
});
