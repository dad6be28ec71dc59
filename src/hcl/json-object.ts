/** A JSON value in HCL's JSON form. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Blocks of one body grouped by type and then by each label in turn; a group of same-labelled blocks is
 * the array of their converted bodies.
 */
export type BlockGroup = JsonValue[] | Map<string, BlockGroup>;

export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Go's encoding/json writes map keys sorted, and JSON.stringify follows insertion order: the keys,
 * sorted. Short lists (the usual labels and attribute names) are insertion-sorted in place, which
 * allocates nothing.
 */
function sortedKeys(map: Map<string, unknown>): string[] {
  const keys = Array.from(map.keys());
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

export function objectOf(map: Map<string, JsonValue>): JsonObject {
  const out: JsonObject = {};
  for (const k of sortedKeys(map)) setKey(out, k, map.get(k) as JsonValue);
  return out;
}

/** A block group as HCL JSON: labels become nested objects. */
export function groupValue(group: BlockGroup): JsonValue {
  if (Array.isArray(group)) return group;
  const out: JsonObject = {};
  for (const k of sortedKeys(group)) setKey(out, k, groupValue(group.get(k) as BlockGroup));
  return out;
}
