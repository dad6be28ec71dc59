import { resourceKey, type ResourceInstance, type ResourceKey, type ResourceType } from '../model/resource.js';
import type { ManagedEntry } from '../model/state-record.js';
import type { ResourceChange } from '../plan/types.js';

/**
 * Constant-time lookups by identity in the lists the engine keeps (one host's observed resources,
 * its state record entries, the plan's changes), so work per change does not grow with the plan.
 * Each index is built once per list and cached; the engine replaces lists rather than mutating them.
 */
function cached<T, V>(cache: WeakMap<readonly T[], V>, list: readonly T[], build: (list: readonly T[]) => V): V {
  let index = cache.get(list);
  if (index === undefined) {
    index = build(list);
    cache.set(list, index);
  }
  return index;
}

/** Within one host's lists the host part of the key is left empty. */
const typeId = (type: ResourceType, id: string): ResourceKey => resourceKey('', type, id);

const observedIndexes = new WeakMap<readonly ResourceInstance[], Map<ResourceKey, ResourceInstance>>();
/** One host's observed resource of this type and id. */
export function observedResource(observed: readonly ResourceInstance[], type: ResourceType, id: string): ResourceInstance | undefined {
  return cached(observedIndexes, observed, (l) => new Map(l.map((r) => [typeId(r.type, r.id), r]))).get(typeId(type, id));
}

const recordIndexes = new WeakMap<readonly ManagedEntry[], Map<ResourceKey, ManagedEntry>>();
/** One host's state record entry of this type and id. */
export function recordedEntry(managed: readonly ManagedEntry[], type: ResourceType, id: string): ManagedEntry | undefined {
  return cached(recordIndexes, managed, (l) => new Map(l.map((e) => [typeId(e.type, e.id), e]))).get(typeId(type, id));
}

const changeIndexes = new WeakMap<readonly ResourceChange[], Map<ResourceKey, ResourceChange>>();
/** The planned change of this host's object. */
export function plannedChange(changes: readonly ResourceChange[], host: string, type: ResourceType, id: string): ResourceChange | undefined {
  return cached(changeIndexes, changes, (l) => new Map(l.map((c) => [resourceKey(c.host, c.type, c.id), c]))).get(resourceKey(host, type, id));
}

const hostIndexes = new WeakMap<readonly ResourceChange[], Map<string, ResourceChange[]>>();
/** The planned changes of one host, in plan order. */
export function changesOfHost(changes: readonly ResourceChange[], host: string): readonly ResourceChange[] {
  return cached(hostIndexes, changes, (l) => groupBy(l, (c) => c.host)).get(host) ?? [];
}

export function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const group = out.get(k);
    if (group) group.push(t);
    else out.set(k, [t]);
  }
  return out;
}
