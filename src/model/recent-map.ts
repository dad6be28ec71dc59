/** A Map that remembers the key reached last: consecutive resources mostly share their host, type and service. */
export class RecentMap<K, V> {
  private readonly map = new Map<K, V>();
  private lastKey: K | undefined = undefined;
  private lastValue: V | undefined = undefined;

  /** The value at `key`; made by `make` when there is none and `make` is given. */
  at(key: K, make?: () => V): V | undefined {
    if (key === this.lastKey && this.lastValue !== undefined) return this.lastValue;
    let value = this.map.get(key);
    if (value === undefined) {
      if (make === undefined) return undefined;
      this.map.set(key, (value = make()));
    }
    this.lastKey = key;
    return (this.lastValue = value);
  }
}
