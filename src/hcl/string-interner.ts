const SLOTS = 1024;
const MAX_LEN = 32;

/**
 * Returns one shared string for repeated short source slices (names, block types, common values), so a
 * large file does not keep a separate copy of "address" for every attribute. Direct-mapped: a collision
 * just replaces the slot.
 */
export class StringInterner {
  private readonly table: string[] = new Array<string>(SLOTS).fill('');

  constructor(private readonly src: string) {}

  slice(s: number, e: number): string {
    const src = this.src;
    let h = e - s;
    if (h > MAX_LEN) return src.slice(s, e);
    for (let i = s; i < e; i++) h = (Math.imul(h, 31) + src.charCodeAt(i)) | 0;
    return this.lookup(s, e, h);
  }

  /** slice(s, e), or null when the text has a backslash or a brace: a quoted string's escapes to decode. */
  plainSlice(s: number, e: number): string | null {
    const src = this.src;
    let h = e - s;
    for (let i = s; i < e; i++) {
      const c = src.charCodeAt(i);
      if (c === 92 || c === 123) return null;
      h = (Math.imul(h, 31) + c) | 0;
    }
    return e - s > MAX_LEN ? src.slice(s, e) : this.lookup(s, e, h);
  }

  private lookup(s: number, e: number, hash: number): string {
    const len = e - s;
    if (len === 0) return '';
    const slot = (hash ^ (hash >>> 10)) & (SLOTS - 1);
    const cand = this.table[slot];
    if (cand.length === len && this.matches(cand, s)) return cand;
    const str = this.src.slice(s, e);
    this.table[slot] = str;
    return str;
  }

  /** Whether the source at s starts with cand (a loop V8 inlines, unlike startsWith). */
  private matches(cand: string, s: number): boolean {
    const src = this.src;
    for (let k = 0; k < cand.length; k++) if (cand.charCodeAt(k) !== src.charCodeAt(s + k)) return false;
    return true;
  }
}
