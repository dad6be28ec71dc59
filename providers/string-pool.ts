/**
 * One string of its own per distinct text read from a host's output. A token sliced from the output
 * shares the whole output's memory (V8 copies only slices under 13 characters), so an address such as
 * 192.168.122.10 kept in an attribute would keep megabytes alive; and 100,000 destinations over a few
 * real servers then share a few strings.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  own(text: string): string {
    let s = this.pool.get(text);
    if (s === undefined) {
      s = Buffer.from(text, 'utf8').toString('utf8');
      this.pool.set(s, s);
    }
    return s;
  }
}
