/** Slices a source string by UTF-8 byte offsets (HCL ranges count bytes). */
export class SourceBytes {
  private readonly ascii: boolean;
  private bytes: Uint8Array | null = null;
  private readonly decoder = new TextDecoder();

  constructor(private readonly src: string) {
    // eslint-disable-next-line no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(src);
  }

  slice(start: number, end: number): string {
    if (this.ascii) return this.src.slice(start, end);
    return this.decoder.decode(this.encoded().subarray(start, end));
  }

  byteAt(offset: number): number {
    if (this.ascii) return offset < this.src.length ? this.src.charCodeAt(offset) : -1;
    const b = this.encoded();
    return offset < b.length ? b[offset] : -1;
  }

  private encoded(): Uint8Array {
    if (this.bytes === null) this.bytes = new TextEncoder().encode(this.src);
    return this.bytes;
  }
}
