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

/** canonicalJson of one resource's attributes, which are flat (primitives and arrays of strings): JSON.stringify in sorted key order. */
function attrsJson(attrs: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(attrs);
  if (keys.some((k) => attrs[k] !== null && typeof attrs[k] === 'object' && !Array.isArray(attrs[k]))) return canonicalJson(attrs);
  keys.sort();
  const sorted: Record<string, unknown> = {};
  for (const k of keys) sorted[k] = attrs[k];
  return JSON.stringify(sorted);
}

const HASH_CHUNK_CHARS = 1 << 20;

/** sha256 hex of the observed resources (order-independent) and the state record. */
export function fingerprintObserved(resources: readonly ResourceInstance[], record: StateRecord | null, missingIpvsadm = false): string {
  const keyed = resources.map((r) => [keyOf(r), r] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const hash = createHash('sha256');
  let chunk = '';
  for (const [key, r] of keyed) {
    chunk += `${key}\u0000${attrsJson(r.attrs)}\n`;
    if (chunk.length >= HASH_CHUNK_CHARS) {
      hash.update(chunk);
      chunk = '';
    }
  }
  hash.update(chunk);
  hash.update(canonicalJson({ stateRecord: record, missingIpvsadm }));
  return hash.digest('hex');
}
