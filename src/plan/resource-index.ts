import type { ResourceType } from '../model/resource.js';

/**
 * Values keyed by (host, type, id), like a Map keyed by resourceKey but without building a key string
 * per lookup: the host, type and id strings a resource already has are the keys, so a plan over
 * 100,000 destinations hashes no new strings. Iterates in insertion order.
 */
export class ResourceIndex<V> {
  private readonly slots = new Map<string, Map<string, Map<string, number>>>();
  private readonly entries: V[] = [];

  get size(): number {
    return this.entries.length;
  }

  get(host: string, type: ResourceType, id: string): V | undefined {
    const slot = this.slots.get(host)?.get(type)?.get(id);
    return slot === undefined ? undefined : this.entries[slot];
  }

  has(host: string, type: ResourceType, id: string): boolean {
    return this.slots.get(host)?.get(type)?.has(id) ?? false;
  }

  set(host: string, type: ResourceType, id: string, value: V): void {
    let types = this.slots.get(host);
    if (!types) this.slots.set(host, (types = new Map()));
    let ids = types.get(type);
    if (!ids) types.set(type, (ids = new Map()));
    const slot = ids.get(id);
    if (slot === undefined) {
      ids.set(id, this.entries.length);
      this.entries.push(value);
    } else {
      this.entries[slot] = value;
    }
  }

  values(): readonly V[] {
    return this.entries;
  }
}
