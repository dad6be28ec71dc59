import { createHash } from 'node:crypto';
import type { ResourceInstance } from '../src/model/resource.js';
import { HashWriter } from './hash-writer.js';

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
 * Writes canonicalJson of one resource's attributes, which are flat (primitives and arrays of strings): the
 * text JSON.stringify gives for them in sorted key order. Resources of one type are built by one builder with
 * one key order, so the sorted order is worked out once per type (`orders`) and only checked per resource.
 */
function writeAttrsJson(out: HashWriter, type: string, attrs: Readonly<Record<string, unknown>>, orders: Map<string, KeyOrder | null>): void {
  const known = orders.get(type);
  const order = known !== undefined && (known === null || hasKeys(attrs, known.keys)) ? known : learnOrder(type, attrs, orders);
  if (order === null) {
    out.write(canonicalJson(attrs));
    return;
  }
  let first = true;
  for (const { key, prefix } of order.sorted) {
    const v = attrs[key];
    if (v === undefined) continue;
    out.write(first ? '{' : ',');
    out.write(prefix);
    out.writeJson(v);
    first = false;
  }
  out.write(first ? '{}' : '}');
}

/** Whether the object's own keys are exactly `keys`, in that order (without listing them). */
function hasKeys(attrs: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in attrs) if (!Object.prototype.hasOwnProperty.call(attrs, k) || keys[i++] !== k) return false;
  return i === keys.length;
}

/** The key order of these attributes, remembered for their type; null when a value is a nested object (then canonicalJson does it all). */
function learnOrder(type: string, attrs: Readonly<Record<string, unknown>>, orders: Map<string, KeyOrder | null>): KeyOrder | null {
  const keys = Object.keys(attrs);
  const order = keys.some((k) => attrs[k] !== null && typeof attrs[k] === 'object' && !Array.isArray(attrs[k]))
    ? null
    : { keys, sorted: [...keys].sort().map((key) => ({ key, prefix: `${JSON.stringify(key)}:` })) };
  orders.set(type, order);
  return order;
}

/**
 * sha256 hex of the state record's text as read. The record is compared as text, not as data: only an apply
 * writes it, and every write stamps a new time, so equal text is exactly "no apply since" (and hashing 14 MB of
 * text costs a hundredth of writing the 110,001 entries of a kube-proxy-size record as canonical JSON).
 */
export function recordDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 hex of the observed resources (order-independent) and the state record's digest (recordDigest, null: none). */
export function fingerprintObserved(resources: readonly ResourceInstance[], record: string | null, missingIpvsadm = false): string {
  // In the order of their keys (host, type, id joined by \u0000, which sorts before any other character).
  const sorted = [...resources].sort(byKey);
  const hash = createHash('sha256');
  const out = new HashWriter(hash);
  const orders = new Map<string, KeyOrder | null>();
  for (const r of sorted) {
    out.write(r.host);
    out.write('\u0000');
    out.write(r.type);
    out.write('\u0000');
    out.write(r.id);
    out.write('\u0000');
    writeAttrsJson(out, r.type, r.attrs, orders);
    out.write('\n');
  }
  out.write(canonicalJson({ stateRecord: record, missingIpvsadm }));
  out.flush();
  return hash.digest('hex');
}

function byKey(a: ResourceInstance, b: ResourceInstance): number {
  if (a.host !== b.host) return a.host < b.host ? -1 : 1;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
