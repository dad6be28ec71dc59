import type { Hash } from 'node:crypto';

const CHUNK_BYTES = 1 << 20;
/** Texts up to this length are copied in JavaScript. */
const SHORT = 64;

/**
 * Feeds text to a hash through one reused buffer: the same bytes as hash.update(text) for the texts
 * joined, without building the joined string (a fingerprint of 100,000 resources wrote 170 MB of
 * short-lived strings before).
 */
export class HashWriter {
  private readonly buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;

  constructor(private readonly hash: Hash) {}

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.at + text.length * 3 > CHUNK_BYTES) {
      this.flush();
      if (text.length * 3 > CHUNK_BYTES) {
        this.hash.update(text);
        return;
      }
    }
    if (text.length > SHORT) {
      this.at += this.buf.write(text, this.at);
      return;
    }
    // Short ASCII text byte by byte: a call into Buffer.write per id or value costs more than the copy.
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        at += buf.write(text.slice(i), at);
        break;
      }
      buf[at++] = c;
    }
    this.at = at;
  }

  /** JSON.stringify(v)'s text for a value of a resource's flat attributes. */
  writeJson(v: unknown): void {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31) this.writeUint(v);
    else if (typeof v === 'number' && Number.isFinite(v)) this.write(String(v));
    else if (typeof v !== 'string' || !this.writePlainString(v)) this.write(JSON.stringify(v) ?? 'null');
  }

  /** A short string JSON writes as its own characters, quoted; false (nothing written) for any other. */
  private writePlainString(v: string): boolean {
    if (v.length > SHORT) return false;
    if (this.at + v.length + 2 > CHUNK_BYTES) this.flush();
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 34;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      // Controls, quote, backslash and everything outside ASCII (escapes, UTF-8) go the long way.
      if (c < 0x20 || c === 34 || c === 92 || c >= 0x7f) return false;
      buf[at++] = c;
    }
    buf[at++] = 34;
    this.at = at;
    return true;
  }

  private writeUint(n: number): void {
    if (this.at + 10 > CHUNK_BYTES) this.flush();
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let at = this.at + digits;
    this.at = at;
    do {
      this.buf[--at] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  flush(): void {
    if (this.at > 0) this.hash.update(this.buf.subarray(0, this.at));
    this.at = 0;
  }
}
