/** Every IPVS scheduler of the Linux kernel (ipvsadm lists all but twos; the kernel has twos too). */
export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos'] as const;
export const DEFAULT_SCHEDULER = 'wlc';

const FLAG_BITS: Record<string, number> = {
  'flag-1': 1, 'flag-2': 2, 'flag-3': 4,
  'sh-fallback': 1, 'sh-port': 2,
  'mh-fallback': 1, 'mh-port': 2,
};

export function isSchedulerFlagName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FLAG_BITS, name);
}

/** Whether ipvsadm accepts this flag name with this scheduler (sh-* only with sh, mh-* only with mh). */
export function flagFitsScheduler(flag: string, scheduler: string): boolean {
  if (flag.startsWith('sh-')) return scheduler === 'sh';
  if (flag.startsWith('mh-')) return scheduler === 'mh';
  if (flag === 'flag-3') return scheduler !== 'sh' && scheduler !== 'mh';
  return isSchedulerFlagName(flag);
}

/** The flag names in the fixed order ipvsadm -S prints them, using the scheduler's own names. */
export function canonicalFlags(flags: readonly string[], scheduler: string): string[] {
  let bits = 0;
  for (const f of flags) bits |= FLAG_BITS[f] ?? 0;
  const names =
    scheduler === 'sh' ? ['sh-fallback', 'sh-port'] : scheduler === 'mh' ? ['mh-fallback', 'mh-port'] : ['flag-1', 'flag-2', 'flag-3'];
  return names.filter((_, i) => (bits & (1 << i)) !== 0);
}
