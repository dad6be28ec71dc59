import { splitDestinationId } from '../model/identity.js';
import { resourceKey, type ResourceKey } from '../model/resource.js';
import type { ManagedEntry, StateRecord } from '../model/state-record.js';
import type { ResourceChange } from '../plan/types.js';

/**
 * The state record after `applied` changes took on one host: created, updated and adopted objects
 * are recorded with the attributes applied; deleted ones (and the destinations of a deleted service,
 * which the kernel removes with it) are dropped; a sysctl restored or forgotten loses its entry and
 * its original value.
 */
export function recordApplied(record: StateRecord, applied: readonly ResourceChange[], now: string): StateRecord {
  const managed = new Map<ResourceKey, ManagedEntry>(record.managed.map((e) => [resourceKey('', e.type, e.id), e]));
  const originals = { ...record.originalSysctls };
  const deletedServices = new Set<string>();
  for (const c of applied) {
    const key = resourceKey('', c.type, c.id);
    if (c.reason === 'restore_because_no_resource_config') {
      managed.delete(key);
      delete originals[c.id];
    } else if (c.action === 'delete') {
      managed.delete(key);
      if (c.type === 'ipvs_service') deletedServices.add(c.id);
    } else if (c.after && (c.action !== 'no-op' || c.adopted)) {
      managed.set(key, { type: c.type, id: c.id, attrs: { ...c.after }, address: c.address, ...(c.realserver !== undefined ? { realserver: c.realserver } : {}) });
    }
  }
  if (deletedServices.size > 0) {
    for (const [k, e] of managed) {
      if (e.type === 'ipvs_destination' && deletedServices.has(splitDestinationId(e.id).serviceId)) managed.delete(k);
    }
  }
  return { version: 1, managed: [...managed.values()], originalSysctls: originals, updatedAt: now };
}

/**
 * Originals to keep before sysctl updates run: the observed value of each sysctl lvsplan is about
 * to change for the first time. Returns null when nothing new needs recording.
 */
export function withOriginals(record: StateRecord, updates: readonly ResourceChange[]): StateRecord | null {
  const originals = { ...record.originalSysctls };
  let added = false;
  for (const c of updates) {
    if (c.type !== 'sysctl' || c.action !== 'update' || c.reason === 'restore_because_no_resource_config') continue;
    const before = c.before?.value;
    if (typeof before !== 'string' || Object.prototype.hasOwnProperty.call(originals, c.id)) continue;
    originals[c.id] = before;
    added = true;
  }
  return added ? { ...record, originalSysctls: originals } : null;
}
