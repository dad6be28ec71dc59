import type { HclValue } from '../../value.js';
import { isHclObject } from '../../value.js';
import { numberToString, sortedKeys } from '../values.js';

const ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** A JSON string literal as Go's encoding/json writes it (HTML-sensitive characters escaped). */
export function jsonString(s: string): string {
  return `"${s.replace(/["\\\n\r\t<>&\u2028\u2029\u0000-\u001f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** JSON as cty encodes values: object keys sorted, numbers without exponents. */
export function toJson(v: HclValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'string') return jsonString(v);
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (isHclObject(v)) return `{${sortedKeys(v).map((k) => `${jsonString(k)}:${toJson(v[k]!)}`).join(',')}}`;
  return 'null';
}

export function graphemeCount(s: string): number {
  let n = 0;
  for (const _ of new Intl.Segmenter().segment(s)) n++;
  return n;
}

export function graphemePrefix(s: string, count: number): string {
  let out = '';
  let n = 0;
  for (const seg of new Intl.Segmenter().segment(s)) {
    if (n++ >= count) break;
    out += seg.segment;
  }
  return out;
}
