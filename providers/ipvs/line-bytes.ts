/**
 * Reading the usual lines of ipvsadm's output in place, as bytes: buf[start, end) is one line. What these
 * cannot read they leave to the tokenizer (the line decoded as text), which reads every line and reports.
 */

// Loops rather than Buffer's compare and indexOf: the bytes looked at are a few dozen, fewer than a call into
// the runtime costs.

/** Whether buf[at...] begins with `prefix`, within the line's end. */
export function bytesStartWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  const n = prefix.length;
  if (at + n > end) return false;
  for (let i = 0; i < n; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** Whether buf[at...] begins with the bytes of `prefix`, an ASCII text (isAscii), within the line's end. */
export function startsWithAscii(buf: Buffer, at: number, end: number, prefix: string): boolean {
  const n = prefix.length;
  if (at + n > end) return false;
  for (let i = 0; i < n; i++) if (buf[at + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** Whether every character of `s` is ASCII (one byte each in UTF-8, the same value). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** The first `byte` in buf[from, end), or -1. */
export function byteIndex(buf: Buffer, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === byte) return i;
  return -1;
}

/** The last `byte` in buf[from, to), or -1. */
export function lastByteIndex(buf: Buffer, byte: number, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (buf[i] === byte) return i;
  return -1;
}

/** A decimal integer 0..max in buf[from, to) (as parseUint reads it: digits only, at most 10), or null. */
export function uintAt(buf: Buffer, from: number, to: number, max: number): number | null {
  if (to <= from || to - from > 10) return null;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return null;
    n = n * 10 + (c - 48);
  }
  return n <= max ? n : null;
}

/**
 * The value of a canonical IPv4 address in buf[from, to) (as isCanonicalIPv4 reads it: four parts of 1-3
 * digits, each 0..255, no leading zero), or -1.
 */
export function ipv4At(buf: Buffer, from: number, to: number): number {
  let part = 0;
  let value = 0;
  let digits = 0;
  let all = 0;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 46 : buf[i]!;
    if (c === 46 /* . */) {
      if (digits === 0 || value > 255 || part > 3) return -1;
      all = all * 256 + value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return -1;
      if (++digits > 3) return -1;
      value = value * 10 + (c - 48);
    } else {
      return -1;
    }
  }
  return part === 4 ? all : -1;
}

/**
 * One string per IPv4 address read, by its value: a few real servers' addresses over 100,000 destinations
 * are a few strings, each of its own (not a slice of the output).
 */
export class IPv4Texts {
  private readonly texts = new Map<number, string>();

  /** The text of buf[from, to), whose value ipv4At gave. */
  text(value: number, buf: Buffer, from: number, to: number): string {
    let s = this.texts.get(value);
    if (s === undefined) this.texts.set(value, (s = buf.toString('latin1', from, to)));
    return s;
  }
}
