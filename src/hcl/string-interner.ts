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
    const len = e - s;
    if (len > MAX_LEN || len === 0) return this.src.slice(s, e);
    const src = this.src;
    let h = len;
    for (let i = s; i < e; i++) h = (Math.imul(h, 31) + src.charCodeAt(i)) | 0;
    const slot = (h ^ (h >>> 10)) & (SLOTS - 1);
    const cand = this.table[slot];
    if (cand.length === len && src.startsWith(cand, s)) return cand;
    const str = src.slice(s, e);
    this.table[slot] = str;
    return str;
  }
}
