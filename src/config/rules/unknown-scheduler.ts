import { errorDiag } from '../../hcl/diagnostic.js';
import { MODULE_NAME } from '../../model/names/module-name.js';
import { SCHEDULERS } from '../schedulers.js';
import type { Rule } from './rule.js';

export const unknownScheduler: Rule = (_cfg, out) => ({
  service(s) {
    const sch = s.decl.scheduler;
    if ((SCHEDULERS as readonly string[]).includes(sch.v)) return;
    const shape = MODULE_NAME.reason(sch.v) === null ? '' : ' Scheduler names are 1-15 lowercase letters, digits or _.';
    out.push(errorDiag('Unknown scheduler', `${JSON.stringify(sch.v)} is not an IPVS scheduler.${shape} Use one of: ${SCHEDULERS.join(', ')}.`, sch.r));
  },
});
