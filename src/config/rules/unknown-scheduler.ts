import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { SCHEDULER_NAME } from '../patterns.js';
import { SCHEDULERS } from '../schedulers.js';
import type { Rule } from './rule.js';

export const unknownScheduler: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  for (const s of cfg.services) {
    const sch = s.decl.scheduler;
    if ((SCHEDULERS as readonly string[]).includes(sch.v)) continue;
    const shape = SCHEDULER_NAME.test(sch.v) ? '' : ' Scheduler names are 1-15 lowercase letters, digits or _.';
    out.push(errorDiag('Unknown scheduler', `${JSON.stringify(sch.v)} is not an IPVS scheduler.${shape} Use one of: ${SCHEDULERS.join(', ')}.`, sch.r));
  }
  return out;
};
