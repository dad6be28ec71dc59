/**
 * The text of JSON.stringify(value) in pieces, so that a large document (a 100,000-destination plan is 86 MB)
 * is never one string: arrays and plain objects down to `depth` levels are written member by member (and
 * JsonTexts text by text, as deep as the members are reached), each member below them (and any value with a
 * toJSON method) by JSON.stringify itself. Joined, the pieces are JSON.stringify(value) exactly, for acyclic
 * values (JSON.stringify refuses a cycle; so does this, by running out of stack). A toJSON method is called
 * with the key "" rather than the member's key.
 */
export function* jsonPieces(value: unknown, depth = 2): Generator<string, void, undefined> {
  if (value instanceof JsonTexts) {
    yield '[';
    // Each text is made here, written, and let go before the next is made.
    for (let i = 0; i < value.items.length; i++) {
      if (i > 0) yield ',';
      yield value.text(value.items[i]);
    }
    yield ']';
    return;
  }
  if (depth <= 0 || !isOpenable(value)) {
    const text = JSON.stringify(value);
    if (text !== undefined) yield text;
    return;
  }
  const open = (v: unknown): boolean => v instanceof JsonTexts || (depth > 1 && isOpenable(v));
  if (Array.isArray(value)) {
    yield '[';
    let first = true;
    for (const v of value) {
      if (!first) yield ',';
      first = false;
      // JSON.stringify writes an element with no JSON form (undefined, a function, a symbol) as null.
      if (open(v)) yield* jsonPieces(v, depth - 1);
      else yield JSON.stringify(v) ?? 'null';
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const prefix = `${first ? '' : ','}${JSON.stringify(key)}:`;
    if (open(v)) {
      yield prefix;
      yield* jsonPieces(v, depth - 1);
    } else {
      // ... and leaves out a member with no JSON form.
      const text = JSON.stringify(v);
      if (text === undefined) continue;
      yield prefix + text;
    }
    first = false;
  }
  yield '}';
}

/** An array or a plain object without toJSON: what is opened instead of handed to JSON.stringify. */
function isOpenable(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * An array given as its items and the JSON text of each (as JSON.stringify writes the element), made as it is
 * read. jsonPieces writes the texts as they are, each made and written before the next is made: a
 * 100,000-destination plan's changes are never all in memory as text. JSON.stringify (through toJSON) sees the elements' values.
 */
export class JsonTexts<T> {
  constructor(
    readonly items: readonly T[],
    readonly text: (item: T) => string,
  ) {}

  toJSON(): unknown[] {
    return this.items.map((item) => JSON.parse(this.text(item)) as unknown);
  }
}
