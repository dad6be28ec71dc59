import type { AttrValue, Attrs, ResourceInstance } from '../model/resource.js';
import { changedAttrs } from '../model/attrs-equal.js';
import type { ResourceChange } from '../plan/types.js';
import { observedResource } from './lookup.js';

/**
 * Whether a change took, judged from a fresh read of its host: the object exists with the planned
 * attributes, or is gone for a deletion. Returns null when it took, else what did not take.
 */
export function checkTook(change: ResourceChange, observed: readonly ResourceInstance[]): string | null {
  const found = observedResource(observed, change.type, change.id);
  if (change.action === 'delete') return found ? `${change.id} still exists` : null;
  if (!change.after) return null;
  if (!found) return `${change.id} does not exist`;
  const seen: Attrs = found.attrs;
  const differing = changedAttrs(seen, change.after);
  if (differing.length === 0) return null;
  const parts = differing.map((k) => `${k} is ${show(seen[k])}, expected ${show(change.after![k])}`);
  return `${change.id}: ${parts.join('; ')}`;
}

function show(v: AttrValue | undefined): string {
  return JSON.stringify(v ?? null);
}

/** The change's object as it should be observed while it drains (weight 0). */
export function drainingExpectation(change: ResourceChange): ResourceChange {
  return { ...change, action: 'update', after: { ...(change.before ?? {}), weight: 0 } };
}
