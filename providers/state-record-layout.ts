import { serviceOf, sharedAttrsOf, type SharedDestinationAttrs } from '../src/model/desired-destination.js';
import type { AttrValue } from '../src/model/resource.js';
import { ROW_PREFIX, STATE_FILE_VERSION, namesEveryAttribute } from '../src/model/state-record-file.js';
import type { ManagedEntry } from '../src/model/state-record.js';
import type { ExpectedIpvs } from './ipvs/expected.js';
import type { ReadBytes } from './read-bytes.js';

/** Stands for a row that is a configured object in the groups `recordInWriterLayout` gives: JSON never makes this object. */
export const CONFIGURED_ROW: object = Object.freeze({});

/** A version 2 record as JSON.parse would give it, but for the rows that are configured objects: `CONFIGURED_ROW` each, their entries in `configured`, in order. */
export interface LaidOutRecord {
  value: Record<string, unknown>;
  configured: ManagedEntry[];
}

const HEAD_END = ',"managed":[';
const GROUP_END = ',"entries":[';

/**
 * Reads a version 2 record laid out as stateRecordText writes it, a line at a time, without decoding it whole or
 * parsing the rows of configured objects: a destination row whose text is exactly what the writer writes for the
 * director's configured destination at its service, address and port (and that object's configuration address and
 * real server) is that object. Every other line is parsed as JSON on its own. Null when the text is laid out in any
 * other way (then it is parsed whole): the value given is then the one JSON.parse of the whole text gives.
 */
export function recordInWriterLayout(bytes: ReadBytes, configured: ExpectedIpvs | null): LaidOutRecord | null {
  let value = null as Record<string, unknown> | null;
  const groups: unknown[] = [];
  const entries: ManagedEntry[] = [];
  let group: Record<string, unknown> = {};
  let rows: unknown[] = [];
  let match: RowMatcher | null = null;
  // What the next line must be; 'failed' once one is not.
  let next = 'head' as 'head' | 'group' | 'row' | 'group end' | 'end' | 'last newline' | 'nothing' | 'failed';
  // A line within one piece is read in place; the pieces are not changed while this runs.
  bytes.eachLine((buf, start, end) => {
    switch (next) {
      case 'head':
      case 'group': {
        const line = buf.toString('utf8', start, end);
        const suffix = next === 'head' ? HEAD_END : GROUP_END;
        const o = line.endsWith(suffix) ? parseObject(`${line.slice(0, -suffix.length)}}`) : null;
        if (o === null || (next === 'head' && o.version !== STATE_FILE_VERSION)) next = 'failed';
        else if (next === 'head') {
          value = o;
          next = 'group';
        } else {
          group = o;
          rows = [];
          match = configured !== null && o.type === 'ipvs_destination' ? rowMatcher(o.attributes, configured) : null;
          next = 'row';
        }
        return;
      }
      case 'row': {
        const last = end === start || buf[end - 1] !== COMMA;
        const to = last ? end : end - 1;
        const entry = match?.(buf, start, to);
        const row = entry ? CONFIGURED_ROW : parseJson(buf.toString('utf8', start, to));
        if (row === undefined) next = 'failed';
        else {
          rows.push(row);
          if (entry) entries.push(entry);
          if (last) next = 'group end';
        }
        return;
      }
      case 'group end': {
        const line = buf.toString('utf8', start, end);
        group.entries = rows;
        groups.push(group);
        next = line === ']},' ? 'group' : line === ']}' ? 'end' : 'failed';
        return;
      }
      case 'end':
        next = buf.toString('utf8', start, end) === ']}' ? 'last newline' : 'failed';
        return;
      case 'last newline':
        next = end === start ? 'nothing' : 'failed';
        return;
      case 'nothing':
        next = 'failed';
        return;
      case 'failed':
        return;
    }
  });
  if (value === null || (next !== 'last newline' && next !== 'nothing')) return null;
  value.managed = groups;
  return { value, configured: entries };
}

type RowMatcher = (buf: Buffer, start: number, end: number) => ManagedEntry | null;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The object of `text` (a line cut where its value goes on, closed with "}"), when it has a member: then the
 * line's text up to the cut is an object's beginning that ends after a value, as in the whole text.
 */
function parseObject(text: string): Record<string, unknown> | null {
  const o = parseJson(text);
  return isObject(o) && Object.keys(o).length > 0 ? o : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * For a destination group's attribute names: the configured destination a row (its bytes) is, when the row is
 * exactly what the writer writes for the one it names (null else). The object itself is the entry: a configured
 * destination makes its id and attributes only when asked for (model/desired-destination.ts), and they are not.
 * Names that are not each of the type's attributes once match nothing.
 */
function rowMatcher(names: unknown, configured: ExpectedIpvs): RowMatcher | null {
  if (!Array.isArray(names) || !namesEveryAttribute('ipvs_destination', names)) return null;
  const columns = names as (keyof SharedDestinationAttrs | 'service')[];
  const width = ROW_PREFIX + columns.length;
  const [service, address, port] = (['service', 'address', 'port'] as const).map((n) => ROW_PREFIX + columns.indexOf(n));
  // Where each value of the row starts and ends (the end is its last byte + 1).
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  // The service of the last row (a service's destinations are written together), and its bytes.
  let lastService: string | null = null;
  let lastServiceBytes = Buffer.alloc(0);
  return (buf, start, end) => {
    if (!valueSpans(buf, start, end, starts, ends)) return null;
    const sameService = lastService !== null && buf.compare(lastServiceBytes, 0, lastServiceBytes.length, starts[service!]!, ends[service!]!) === 0;
    const s = sameService ? lastService : plainString(buf, starts[service!]!, ends[service!]!);
    if (s !== null && !sameService) {
      lastService = s;
      lastServiceBytes = Buffer.from(buf.subarray(starts[service!]!, ends[service!]!));
    }
    const a = plainString(buf, starts[address!]!, ends[address!]!);
    const p = integer(buf, starts[port!]!, ends[port!]!);
    if (s === null || a === null || p === null) return null;
    const d = configured.destination(s, a, p);
    if (d === undefined || !isJson(buf, starts[0]!, ends[0]!, d.address) || !isJson(buf, starts[1]!, ends[1]!, d.realserver ?? null)) return null;
    const shared = sharedAttrsOf(d);
    const svc = serviceOf(d);
    for (let k = 0; k < columns.length; k++) {
      const name = columns[k]!;
      if (!isJson(buf, starts[ROW_PREFIX + k]!, ends[ROW_PREFIX + k]!, name === 'service' ? svc : (shared[name] ?? null))) return null;
    }
    return d;
  };
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/**
 * Finds the values of a row `[v0,v1,...]` with no white space, each a string, a list of strings, or a
 * number or literal (checked when compared); false when it is not such a row of exactly starts.length values.
 */
function valueSpans(buf: Buffer, start: number, end: number, starts: Int32Array, ends: Int32Array): boolean {
  if (end - start < 2 || buf[start] !== OPEN || buf[end - 1] !== CLOSE) return false;
  let at = start + 1;
  for (let k = 0; k < starts.length; k++) {
    starts[k] = at;
    const c = buf[at];
    if (c === QUOTE) at = stringEnd(buf, at, end - 1);
    else if (c === OPEN) {
      at++;
      while (at >= 0 && at < end - 1 && buf[at] !== CLOSE) {
        at = stringEnd(buf, at, end - 1);
        if (at >= 0 && buf[at] === COMMA && buf[at + 1] === QUOTE) at++;
      }
      at = at >= 0 && buf[at] === CLOSE ? at + 1 : -1;
    } else while (at < end - 1 && buf[at] !== COMMA) at++;
    if (at < 0) return false;
    ends[k] = at;
    if (at === end - 1) return k === starts.length - 1;
    if (buf[at] !== COMMA) return false;
    at++;
  }
  return false;
}

/** Just past the string that starts at `at` (a quote), or -1 when none ends before `limit`. */
function stringEnd(buf: Buffer, at: number, limit: number): number {
  if (buf[at] !== QUOTE) return -1;
  for (let i = at + 1; i < limit; i++) {
    const c = buf[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** The string whose JSON text is buf[start, end), when that text has no escapes and is ASCII; null else. */
function plainString(buf: Buffer, start: number, end: number): string | null {
  if (end - start < 2 || buf[start] !== QUOTE || buf[end - 1] !== QUOTE) return null;
  for (let i = start + 1; i < end - 1; i++) if (buf[i]! === BACKSLASH || buf[i]! > 0x7e || buf[i]! < 0x20) return null;
  return buf.toString('latin1', start + 1, end - 1);
}

/** The integer whose JSON text is buf[start, end) (digits, no sign or leading zero), or null. */
function integer(buf: Buffer, start: number, end: number): number | null {
  if (end <= start || end - start > 15 || (buf[start] === 0x30 && end - start > 1)) return null;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

/** Whether buf[start, end) is exactly JSON.stringify(v) of a value lvsplan stores (an ASCII string, an integer not below 0, a boolean, null, a list of strings). */
function isJson(buf: Buffer, start: number, end: number, v: AttrValue): boolean {
  if (typeof v === 'string') return isJsonString(buf, start, end, v);
  if (Array.isArray(v)) {
    if (buf[start] !== OPEN || buf[end - 1] !== CLOSE) return false;
    let at = start + 1;
    for (let k = 0; k < v.length; k++) {
      if (k > 0 && buf[at++] !== COMMA) return false;
      const e = stringEnd(buf, at, end - 1);
      if (e < 0 || !isJsonString(buf, at, e, v[k]!)) return false;
      at = e;
    }
    return at === end - 1;
  }
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 && integer(buf, start, end) === v;
  const text = v === null ? 'null' : v ? 'true' : 'false';
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Whether buf[start, end) is JSON.stringify(s) for an ASCII `s` (a quote and a backslash escaped; a control character never matches). */
function isJsonString(buf: Buffer, start: number, end: number, s: string): boolean {
  if (buf[start] !== QUOTE || buf[end - 1] !== QUOTE) return false;
  let at = start + 1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
    if (c === QUOTE || c === BACKSLASH) {
      if (buf[at++] !== BACKSLASH) return false;
    }
    if (buf[at++] !== c) return false;
  }
  return at === end - 1;
}
