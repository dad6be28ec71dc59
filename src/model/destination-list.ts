/**
 * The destinations of one service, found by address and port: a list read through while it is short (most
 * services have a few destinations, and a Map of ten costs more memory than its lookups save), a Map by
 * address once it is long. A short list is read from the item after the one found last: a host lists a
 * service's destinations in the order they were added, as the configuration does, so the next one looked up
 * is usually that one. What an item is, and where its address and port are, is the subclass's.
 */
export abstract class DestinationList<E> {
  private readonly list: E[] = [];
  /** Each address's items (one per port), once the list is long. */
  private byAddress: Map<string, E[]> | null = null;
  /** Where the short list is read from: after the item found last. */
  private next = 0;

  protected abstract addressOf(e: E): string;
  protected abstract portOf(e: E): number;

  find(address: string, port: number): E | undefined {
    if (this.byAddress !== null) {
      const candidates = this.byAddress.get(address);
      if (candidates !== undefined) for (const e of candidates) if (this.portOf(e) === port) return e;
      return undefined;
    }
    const list = this.list;
    const n = list.length;
    for (let k = 0, i = this.next; k < n; k++, i++) {
      if (i === n) i = 0;
      const e = list[i]!;
      if (this.portOf(e) === port && this.addressOf(e) === address) {
        this.next = i + 1 === n ? 0 : i + 1;
        return e;
      }
    }
    return undefined;
  }

  add(e: E): E {
    this.list.push(e);
    if (this.byAddress !== null) this.addByAddress(e);
    else if (this.list.length > LIST_MAX) {
      this.byAddress = new Map();
      for (const x of this.list) this.addByAddress(x);
    }
    return e;
  }

  private addByAddress(e: E): void {
    const same = this.byAddress!.get(this.addressOf(e));
    if (same === undefined) this.byAddress!.set(this.addressOf(e), [e]);
    else same.push(e);
  }
}

/** Destinations of one service read through as a list; more go in a Map. */
const LIST_MAX = 16;
