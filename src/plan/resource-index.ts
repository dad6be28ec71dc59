import type { DesiredResource, ResourceInstance, ResourceType } from '../model/resource.js';
import type { ManagedEntry } from '../model/state-record.js';

/** What the plan knows of one object (host, type, id): as configured, as found on the host, as its state record lists it. */
export interface Joined {
  named?: DesiredResource;
  observed?: ResourceInstance;
  recorded?: ManagedEntry;
}

/**
 * One Joined per (host, type, id), like a Map keyed by resourceKey but without building a key string
 * per lookup: the host, type and id strings a resource already has are the keys, so a plan over
 * 100,000 destinations hashes no new strings. The configured, observed and recorded sides of an object
 * share its entry, so each object is hashed once per side and the planner pairs them without lookups.
 */
export class ResourceIndex {
  private readonly hosts = new Map<string, Map<ResourceType, Map<string, Joined>>>();
  // The ids of the (host, type) reached last: consecutive resources mostly share both.
  private lastHost: string | null = null;
  private lastType: ResourceType | null = null;
  private lastIds: Map<string, Joined> | null = null;

  get(host: string, type: ResourceType, id: string): Joined | undefined {
    return this.ids(host, type, false)?.get(id);
  }

  /** The entry of (host, type, id), made empty when there is none yet. */
  entry(host: string, type: ResourceType, id: string): Joined {
    const ids = this.ids(host, type, true)!;
    let e = ids.get(id);
    if (e === undefined) ids.set(id, (e = {}));
    return e;
  }

  private ids(host: string, type: ResourceType, make: boolean): Map<string, Joined> | null {
    if (host === this.lastHost && type === this.lastType) return this.lastIds;
    let types = this.hosts.get(host);
    if (types === undefined) {
      if (!make) return null;
      this.hosts.set(host, (types = new Map()));
    }
    let ids = types.get(type);
    if (ids === undefined) {
      if (!make) return null;
      types.set(type, (ids = new Map()));
    }
    this.lastHost = host;
    this.lastType = type;
    this.lastIds = ids;
    return ids;
  }
}
