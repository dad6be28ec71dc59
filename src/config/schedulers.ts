import { IPVS_SERVICE } from '../model/schema/index.js';

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
