/**
 * What lvsplan keeps on each host (/var/lib/lvsplan/state.json): the objects it created there
 * and the values sysctls had before lvsplan first changed them.
 */
export interface StateRecord {
  version: 1;
  /** Resource identities lvsplan created or adopted on this host. */
  managed: { type: string; id: string }[];
  /** sysctl name -> value before lvsplan first changed it */
  originalSysctls: Record<string, string>;
  /** Last apply time (ISO string), informational. */
  updatedAt?: string;
}

export const STATE_RECORD_PATH = '/var/lib/lvsplan/state.json';
export const LOCK_PATH = '/run/lvsplan.lock';
