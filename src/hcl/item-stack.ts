/** The one empty list that every node without children shares. */
export const EMPTY: readonly never[] = Object.freeze([]);

/**
 * A scratch stack where the parser gathers a node's children; nested nodes push above their parent's
 * and each takes its own off the top as an exact-size array.
 */
export class ItemStack<T> {
  private readonly items: T[] = [];
  private top = 0;

  get length(): number {
    return this.top;
  }

  at(i: number): T {
    return this.items[i];
  }

  push(item: T): void {
    this.items[this.top++] = item;
  }

  /** The items from `base` up, removed from the stack. Literals for small sizes let V8 allocate them in old space. */
  take(base: number): readonly T[] {
    const s = this.items;
    const n = this.top - base;
    this.top = base;
    switch (n) {
      case 0:
        return EMPTY;
      case 1:
        return [s[base]];
      case 2:
        return [s[base], s[base + 1]];
      case 3:
        return [s[base], s[base + 1], s[base + 2]];
    }
    return s.slice(base, base + n);
  }

  /** Drops the items from `base` up. */
  drop(base: number): void {
    this.top = base;
  }
}
