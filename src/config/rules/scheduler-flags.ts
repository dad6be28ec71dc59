import { errorDiag } from '../../hcl/diagnostic.js';
import { flagFitsScheduler, isSchedulerFlagName } from '../schedulers.js';
import type { Rule } from './rule.js';

/** sh-* flags need scheduler sh, mh-* need mh; flag-3 cannot be shown for sh/mh. */
export const schedulerFlags: Rule = (_cfg, out) => ({
  service(s) {
    const sch = s.decl.scheduler.v;
    for (const f of s.decl.schedulerFlags) {
      if (!isSchedulerFlagName(f.v))
        out.push(errorDiag('Unknown scheduler flag', `${JSON.stringify(f.v)} is not a scheduler flag. Use sh-fallback/sh-port (scheduler sh), mh-fallback/mh-port (scheduler mh), or flag-1, flag-2, flag-3.`, f.r));
      else if (!flagFitsScheduler(f.v, sch))
        out.push(
          errorDiag(
            'Scheduler flag does not belong to the scheduler',
            `${JSON.stringify(f.v)} cannot be used with scheduler ${JSON.stringify(sch)} (ipvsadm: incompatible scheduler flag). ${f.v.startsWith('sh-') ? 'Use scheduler = "sh"' : f.v.startsWith('mh-') ? 'Use scheduler = "mh"' : 'Use the scheduler\'s own flag names'} or remove the flag.`,
            f.r,
          ),
        );
    }
  },
});
