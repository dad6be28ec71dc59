import type { Attrs } from '../../src/model/resource.js';
import { DEFAULT_PERSISTENCE_TIMEOUT, IPVS_SERVICE } from '../../src/model/schema/index.js';
import { parseAddrPort, parseUint } from './addr-port.js';
import { ipvsServiceId } from './service-id.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/**
 * The attributes of a service known only by its id (`tcp:10.0.0.1:80`, `fwmark6:7`): its identity,
 * and the schema's defaults for everything else (persistent when the port is 0, which needs it).
 * Enough to build and check a destination line against the service it names. Null when `id` is not
 * a canonical service id.
 */
export function serviceAttrsOfId(id: string): Attrs | null {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  const defaults = Object.fromEntries(Object.entries(IPVS_SERVICE).map(([k, spec]) => [k, 'default' in spec ? spec.default : null])) as Attrs;
  let attrs: Attrs;
  if (kind === 'fwmark' || kind === 'fwmark6') {
    const fwmark = parseUint(rest, 4294967295);
    if (fwmark === null || fwmark === 0) return null;
    attrs = { ...defaults, family: kind === 'fwmark6' ? 'inet6' : 'inet', protocol: null, address: null, port: null, fwmark, ...persistence(false) };
  } else if (PROTOCOLS.has(kind)) {
    const ap = parseAddrPort(rest);
    if (!ap) return null;
    attrs = { ...defaults, family: ap.family, protocol: kind, address: ap.address, port: ap.port, fwmark: null, ...persistence(ap.port === 0) };
  } else {
    return null;
  }
  return ipvsServiceId(attrs as never) === id ? attrs : null;
}

function persistence(persistent: boolean): Attrs {
  return { persistent, persistence_timeout: persistent ? DEFAULT_PERSISTENCE_TIMEOUT : null };
}
