import { errorDiag } from '../../hcl/diagnostic.js';
import { IPVS_DESTINATION, rangeText } from '../../model/schema/index.js';
import { inRange } from './in-range.js';
import type { Rule } from './rule.js';

const TUNNEL_PORT = IPVS_DESTINATION.tunnel_port;

/** Tunnel settings need tunnel forwarding; gue needs a port; ipip takes no options; gre has no remcsum. */
export const tunnelOptions: Rule = (_cfg, out) => ({
  backend(b) {
    const t = b.decl.tunnel;
    if (!t) return;
    if (b.forwarding !== 'tunnel') {
      out.push(errorDiag('Tunnel options conflict with forward method', `A tunnel block needs forwarding = "tunnel" (this backend uses ${JSON.stringify(b.forwarding)}). Remove the tunnel block or set forwarding = "tunnel".`, t.range));
      return;
    }
    const type = t.type?.v ?? IPVS_DESTINATION.tunnel_type.default;
    if (type === 'gue' && !t.port) out.push(errorDiag('GUE tunnel without port', `A gue tunnel needs port = N (the UDP port the real server decapsulates on, ${rangeText(TUNNEL_PORT)}).`, t.type?.r ?? t.range));
    if (t.port && !inRange(TUNNEL_PORT, t.port.v)) out.push(errorDiag('Tunnel port out of range', `The tunnel port must be ${rangeText(TUNNEL_PORT)}.`, t.port.r));
    if (type === 'ipip' && (t.port || t.checksum))
      out.push(errorDiag('Option not valid for ipip tunnels', 'ipip tunnels take no port or checksum options. Remove them or use type = "gue" / "gre".', (t.port ?? t.checksum)!.r));
    if (type === 'gre' && t.port) out.push(errorDiag('Option not valid for gre tunnels', 'gre tunnels have no port. Remove port.', t.port.r));
    if (type === 'gre' && t.checksum?.v === 'remcsum') out.push(errorDiag('Option not valid for gre tunnels', 'gre tunnels allow checksum = "nocsum" or "csum" only.', t.checksum.r));
  },
});
