import type { Attrs, ResourceType } from './resource.js';

/**
 * What lvsplan keeps on each host (/var/lib/lvsplan/state.json): the objects it created or adopted
 * there with the attributes it last applied, and the values sysctls had before lvsplan first
 * changed them. Comparing observed attrs with `attrs` here tells drift made outside lvsplan apart
 * from a pending config change.
 */
export interface ManagedEntry {
  type: ResourceType;
  id: string;
  attrs: Attrs;
  /** Its configuration address when last applied, so a later plan names it after its block even once the block changed identity. */
  address?: string;
  /** A destination's managed real server, kept so its removal still orders before that host's cleanup. */
  realserver?: string;
}

export interface StateRecord {
  version: 1;
  managed: ManagedEntry[];
  /** sysctl name -> value before lvsplan first changed it */
  originalSysctls: Record<string, string>;
  /** Addresses lvsplan bound, so destroy can remove exactly those (also listed in managed). */
  updatedAt?: string;
}

export const STATE_DIR = '/var/lib/lvsplan';
export const STATE_RECORD_PATH = '/var/lib/lvsplan/state.json';
export const LOCK_PATH = '/run/lvsplan.lock';

export function emptyStateRecord(): StateRecord {
  return { version: 1, managed: [], originalSysctls: {} };
}
