import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { HOST_NAME } from '../patterns.js';
import { INTERFACE_NAME } from '../../model/names/interface-name.js';
import { SYSCTL_NAME } from '../../model/names/sysctl-name.js';
import { checkName } from '../check-name.js';
import type { LocatedStringMap } from '../decl.js';
import type { Rule } from './rule.js';
import { SYSCTL_VALUE, sysctlValueError } from '../../../providers/sysctl/value.js';


/** Names that reach command lines must have strict shapes; anything else is refused with a reason. */
export const hostileValues: Rule = (cfg, out) => {
  for (const d of cfg.decl.directors) {
    checkName({ v: d.name, r: d.range }, HOST_NAME, out);
    if (d.bindVips && d.iface.v !== '') checkName(d.iface, INTERFACE_NAME, out);
    if (d.sysctls) checkSysctls(d.sysctls, out);
  }
  for (const r of cfg.decl.realservers) {
    checkName({ v: r.name, r: r.range }, HOST_NAME, out);
    if (r.sysctls) checkSysctls(r.sysctls, out);
  }
  return {
    service(s) {
      const pe = s.decl.persistence?.engine;
      if (pe && pe.v !== 'sip') out.push(errorDiag('Unknown persistence engine', `The only IPVS persistence engine is "sip", not ${JSON.stringify(pe.v)}.`, pe.r));
    },
  };
};

function checkSysctls(m: LocatedStringMap, out: Diagnostic[]): void {
  for (const [k, v] of Object.entries(m.v)) {
    const r = m.keyRanges[k] ?? m.r;
    if (!checkName({ v: k, r }, SYSCTL_NAME, out)) continue;
    if (!SYSCTL_VALUE.test(v)) out.push(errorDiag('Invalid sysctl value', `The value for ${k}: ${sysctlValueError(v, m.sensitiveValues?.includes(k))}. Use plain numbers or words separated by spaces.`, r));
  }
}
