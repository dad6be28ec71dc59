import { createHash } from 'node:crypto';
import { keyOf, type ResourceInstance } from '../src/model/resource.js';
import type { StateRecord } from '../src/model/state-record.js';

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** A key order seen before: the attributes' own order and, for each key in sorted order, its `"key":` text. */
interface KeyOrder {
  keys: readonly string[];
  sorted: readonly { key: string; prefix: string }[];
}

/**
 * canonicalJson of one resource's attributes, which are flat (primitives and arrays of strings): the text
 * JSON.stringify gives for them in sorted key order. Resources built by one builder share a key order,
 * so the sorted order is worked out once per order (`orders`, keyed by the first key).
 */
function attrsJson(attrs: Readonly<Record<string, unknown>>, orders: Map<string, KeyOrder>): string {
  const keys = Object.keys(attrs);
  const known = orders.get(keys[0] ?? '');
  const order = known !== undefined && sameKeys(known.keys, keys) ? known : learnOrder(attrs, keys, orders);
  if (order === null) return canonicalJson(attrs);
  let out = '';
  for (const { key, prefix } of order.sorted) {
    const v = attrs[key];
    if (v === undefined) continue;
    out += `${out === '' ? '{' : ','}${prefix}${JSON.stringify(v)}`;
  }
  return out === '' ? '{}' : `${out}}`;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The key order of these attributes, remembered; null when a value is a nested object (then canonicalJson does it all). */
function learnOrder(attrs: Readonly<Record<string, unknown>>, keys: string[], orders: Map<string, KeyOrder>): KeyOrder | null {
  if (keys.some((k) => attrs[k] !== null && typeof attrs[k] === 'object' && !Array.isArray(attrs[k]))) return null;
  const order = { keys, sorted: [...keys].sort().map((key) => ({ key, prefix: `${JSON.stringify(key)}:` })) };
  orders.set(keys[0] ?? '', order);
  return order;
}

const HASH_CHUNK_CHARS = 1 << 20;

/** sha256 hex of the observed resources (order-independent) and the state record. */
export function fingerprintObserved(resources: readonly ResourceInstance[], record: StateRecord | null, missingIpvsadm = false): string {
  const keyed = resources.map((r) => [keyOf(r), r] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const hash = createHash('sha256');
  const orders = new Map<string, KeyOrder>();
  let chunk = '';
  for (const [key, r] of keyed) {
    chunk += `${key}\u0000${attrsJson(r.attrs, orders)}\n`;
    if (chunk.length >= HASH_CHUNK_CHARS) {
      hash.update(chunk);
      chunk = '';
    }
  }
  hash.update(chunk);
  hash.update(canonicalJson({ stateRecord: record, missingIpvsadm }));
  return hash.digest('hex');
}
