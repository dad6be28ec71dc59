import { IPVS_SERVICE } from '../model/schema/index.js';
import { canonicalSchedFlags } from '../model/schema/scheduler-flags.js';

export { SCHEDULERS } from '../model/schema/index.js';
export const DEFAULT_SCHEDULER = IPVS_SERVICE.scheduler.default;

export function isSchedulerFlagName(name: string): boolean {
  return (IPVS_SERVICE.scheduler_flags.values as readonly string[]).includes(name);
}

/** Whether a configuration may use this flag name with this scheduler (sh-* only with sh, mh-* only with mh, flag-3 not with either). */
export function flagFitsScheduler(flag: string, scheduler: string): boolean {
  if (flag.startsWith('sh-')) return scheduler === 'sh';
  if (flag.startsWith('mh-')) return scheduler === 'mh';
  if (flag === 'flag-3') return scheduler !== 'sh' && scheduler !== 'mh';
  return isSchedulerFlagName(flag);
}

/** The flags a configuration may use with this scheduler, in the scheduler's own names and -S order; others are dropped. */
export function canonicalFlags(flags: readonly string[], scheduler: string): string[] {
  return canonicalSchedFlags(scheduler, flags.filter((f) => flagFitsScheduler(f, scheduler))) ?? [];
}
