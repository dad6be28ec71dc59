/**
 * Scheduler flags (-b). The kernel has three bits; ipvsadm names them after the scheduler
 * (sh-fallback/sh-port, mh-fallback/mh-port) or generically (flag-1..3). Generic names are accepted
 * with every scheduler; sh- and mh- names only with their own scheduler.
 */
const GENERIC = ['flag-1', 'flag-2', 'flag-3'] as const;

function namesFor(scheduler: string): readonly string[] {
  if (scheduler === 'sh') return ['sh-fallback', 'sh-port', 'flag-3'];
  if (scheduler === 'mh') return ['mh-fallback', 'mh-port', 'flag-3'];
  return GENERIC;
}

/** The bit (0..2) a flag name sets with this scheduler, or -1 if ipvsadm refuses the name. */
export function schedFlagBit(scheduler: string, name: string): number {
  const own = namesFor(scheduler).indexOf(name);
  if (own >= 0) return own;
  return (GENERIC as readonly string[]).indexOf(name);
}

/** Canonical flag list: the scheduler's names, in ipvsadm -S order, without duplicates. Null if a name is refused. */
export function canonicalSchedFlags(scheduler: string, flags: readonly string[]): string[] | null {
  const bits = [false, false, false];
  for (const f of flags) {
    const b = schedFlagBit(scheduler, f);
    if (b < 0) return null;
    bits[b] = true;
  }
  const names = namesFor(scheduler);
  return names.filter((_, i) => bits[i]);
}

/**
 * Flags as -S prints them. With sh/mh and only the third bit set ipvsadm prints "-b " and nothing
 * else, so an empty value means flag-3 there.
 */
export function parseSavedSchedFlags(scheduler: string, value: string | undefined): string[] | null {
  if (value === undefined || value === '') return scheduler === 'sh' || scheduler === 'mh' ? ['flag-3'] : null;
  return canonicalSchedFlags(scheduler, value.split(','));
}
