import type { ManagedEntry, StateRecord } from '../model/state-record.js';
import { emptyStateRecord } from '../model/state-record.js';
import type { ResourceChange } from './types.js';

/**
 * `-refresh-only`: the host's state record with the drift accepted. Each drifted object's entry takes
 * the attributes observed on the host; an object gone from the host loses its entry. Hosts are not touched.
 */
export function acceptDrift(record: StateRecord | null, drifted: readonly ResourceChange[], now: string): StateRecord {
  const base = record ?? emptyStateRecord();
  const managed = new Map<string, ManagedEntry>(base.managed.map((e) => [`${e.type}\u0000${e.id}`, e]));
  for (const c of drifted) {
    const key = `${c.type}\u0000${c.id}`;
    if (c.before === null) managed.delete(key);
    else {
      // Its configuration address and real server named, not spread: an entry may be a configured object whose are made when asked for.
      const e: ManagedEntry = { type: c.type, id: c.id, attrs: { ...c.before } };
      const was = managed.get(key);
      if (was?.address !== undefined) e.address = was.address;
      if (was?.realserver !== undefined) e.realserver = was.realserver;
      managed.set(key, e);
    }
  }
  return { ...base, managed: [...managed.values()], updatedAt: now };
}
