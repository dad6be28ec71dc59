import { errorDiag } from '../../hcl/diagnostic.js';
import { parseIPv4 } from '../../model/ip-address.js';
import { IPVS_DESTINATION, IPVS_SERVICE, rangeText } from '../../model/schema/index.js';
import { inRange } from './in-range.js';
import type { Rule } from './rule.js';

const { fwmark: FWMARK, persistence_timeout: TIMEOUT } = IPVS_SERVICE;
const WEIGHT = IPVS_DESTINATION.weight;

/** Numeric limits ipvsadm (Debian build) and the kernel enforce, as the resource schemas declare them. */
export const valueRanges: Rule = (_cfg, out) => ({
  service(s) {
    const fw = s.decl.fwmark;
    if (fw && !inRange(FWMARK, fw.v)) out.push(errorDiag('Firewall mark out of range', `fwmark must be ${rangeText(FWMARK)}.`, fw.r));
    const p = s.decl.persistence;
    if (!p) return;
    if (!inRange(TIMEOUT, p.timeout.v))
      out.push(errorDiag('Persistence timeout out of range', `The persistence timeout must be ${rangeText(TIMEOUT)} seconds (31 days); ${p.timeout.v} is not.`, p.timeout.r));
    const nm = p.netmask;
    if (nm && s.family === 'inet6' && (typeof nm.v !== 'number' || nm.v < 1 || nm.v > 128))
      out.push(errorDiag('Invalid IPv6 persistence netmask', `For an IPv6 service the netmask is a prefix length 1..128 (e.g. 64), not ${JSON.stringify(nm.v)}.`, nm.r));
    if (nm && s.family === 'inet' && (typeof nm.v === 'number' ? nm.v < 0 || nm.v > 32 || !Number.isInteger(nm.v) : !isNetmask(nm.v)))
      out.push(errorDiag('Invalid IPv4 persistence netmask', `For an IPv4 service the netmask is a dotted quad such as "255.255.255.0" or a prefix length 0..32, not ${JSON.stringify(nm.v)}.`, nm.r));
  },
  backend(b) {
    const w = b.decl.weight;
    if (w && !inRange(WEIGHT, w.v)) out.push(errorDiag('Weight out of range', `Weights are ${rangeText(WEIGHT)} (0 quiesces the backend); ${w.v} is not.`, w.r));
  },
});

function isNetmask(s: string): boolean {
  const b = parseIPv4(s);
  if (!b) return false;
  const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const inv = ~n >>> 0;
  return (inv & (inv + 1)) === 0;
}
