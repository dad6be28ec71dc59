import { valueEqual } from '../src/model/attrs-equal.js';
import { identityOf } from '../src/model/identity.js';
import { nestedDeeperThan } from '../src/model/json-depth.js';
import type { AttrValue, Attrs } from '../src/model/resource.js';
import { SCHEMAS, attrSpec, validateAttrs, type ResourceType } from '../src/model/schema/index.js';
import { ROW_PREFIX, STATE_FILE_VERSION, namesEveryAttribute } from '../src/model/state-record-file.js';
import type { ManagedEntry, StateRecord } from '../src/model/state-record.js';
import { attrsChecker, isFlatAttrs } from './attrs-check.js';
import type { ExpectedIpvs } from './ipvs/expected.js';
import type { ReadBytes } from './read-bytes.js';
import { CONFIGURED_ROW, recordInWriterLayout } from './state-record-layout.js';
import { sysctlNameError } from './sysctl/name.js';
import { sysctlValueError } from './sysctl/value.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isType = (t: unknown): t is ResourceType => typeof t === 'string' && Object.prototype.hasOwnProperty.call(SCHEMAS, t);

/**
 * Parses and checks the state record file (version 2, or version 1 as lvsplan wrote it before); a string is
 * the reason it is not valid. The file lives on the host, so it is untrusted: every entry must be a resource
 * lvsplan could have written (its attributes give its id and build the command that creates it), every
 * original sysctl a name and value lvsplan may write back. A version 2 row whose values are those of an IPVS
 * object of `configured` (the director's as configured, checked with the configuration) is that object: it is
 * given its id and attributes, shared and never changed, and is not checked again. On a director applied as
 * configured that is nearly every row.
 */
export function parseStateRecord(text: string, configured: ExpectedIpvs | null = null): StateRecord | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `it is not JSON (${(e as Error).message})`;
  }
  return checkedRecord(v, configured, []);
}

/**
 * parseStateRecord of the record's bytes as a host printed them. A record laid out as lvsplan writes it is read a line
 * at a time, and the rows of configured destinations are not parsed (recordInWriterLayout); any other text is
 * decoded and parsed whole. The record read, or the reason it is not valid, is the same either way.
 */
export function readStateRecord(bytes: ReadBytes, configured: ExpectedIpvs | null): StateRecord | string {
  const laid = recordInWriterLayout(bytes, configured);
  return laid === null ? parseStateRecord(bytes.text(), configured) : checkedRecord(laid.value, configured, laid.configured);
}

/** The record of a parsed text, checked; `laid` holds the entries of its rows that are CONFIGURED_ROW, in order. */
function checkedRecord(v: unknown, configured: ExpectedIpvs | null, laid: readonly ManagedEntry[]): StateRecord | string {
  if (nestedDeeperThan(v)) return 'it nests deeper than any record lvsplan writes';
  if (!isObject(v)) return 'it is not a JSON object';
  if (v.version !== 1 && v.version !== STATE_FILE_VERSION) return `version ${JSON.stringify(v.version)} is not supported (expected 1 or ${STATE_FILE_VERSION})`;
  if (!Array.isArray(v.managed)) return '"managed" is not a list';
  const read = v.version === 1 ? { managed: v.managed as unknown[], asConfigured: [] } : entriesOfGroups(v.managed, configured, laid);
  if (typeof read === 'string') return read;
  const { managed, asConfigured } = read;
  const services = new Map<string, Record<string, unknown>>();
  for (const m of managed) if (isObject(m) && m.type === 'ipvs_service' && typeof m.id === 'string' && isFlatAttrs(m.attrs)) services.set(m.id, m.attrs);
  const attrsProblem = attrsChecker((id) => (services.get(id) as never) ?? null);
  for (let i = 0; i < managed.length; i++) {
    if (asConfigured[i] === true) continue;
    const m = managed[i];
    if (!isObject(m) || typeof m.type !== 'string' || typeof m.id !== 'string' || !isFlatAttrs(m.attrs)) {
      return `entry ${i} of "managed" lacks a type, an id or flat attributes`;
    }
    if (m.address !== undefined && typeof m.address !== 'string') return `entry ${i} of "managed" has an address that is not a string`;
    if (!isType(m.type)) return `entry ${i} of "managed" has the unknown type ${JSON.stringify(m.type)}`;
    const why = attrsProblem(m.type, m.id, m.attrs);
    if (why) return `entry ${i} of "managed" (${JSON.stringify(m.id)}): ${why}`;
    if (m.realserver !== undefined && typeof m.realserver !== 'string') return `entry ${i} of "managed" has a "realserver" that is not a string`;
  }
  if (!isObject(v.originalSysctls)) return '"originalSysctls" is not an object';
  for (const [name, value] of Object.entries(v.originalSysctls)) {
    const why = sysctlNameError(name) ?? sysctlValueError(value);
    if (why) return `"originalSysctls": ${why}`;
  }
  if (v.updatedAt !== undefined && typeof v.updatedAt !== 'string') return '"updatedAt" is not a string';
  return { version: 1, managed: managed as StateRecord['managed'], originalSysctls: v.originalSysctls as Record<string, string>, ...(v.updatedAt !== undefined ? { updatedAt: v.updatedAt } : {}) };
}

/**
 * Version 2's groups as entries (checked above like version 1's, but for those `asConfigured` marks): each row's
 * values under its group's attribute names, its id the one those attributes give. A name outside the type's schema,
 * a name twice, or a row of the wrong length is refused here. A row of a group that names every attribute of its
 * type, whose values are those of the configured object of its id, is that object (a destination is found by its
 * service, address and port without making its id or attributes).
 */
function entriesOfGroups(groups: unknown[], configured: ExpectedIpvs | null, laid: readonly ManagedEntry[]): { managed: Record<string, unknown>[]; asConfigured: boolean[] } | string {
  const out: Record<string, unknown>[] = [];
  let nextLaid = 0;
  const asConfigured: boolean[] = [];
  for (const [g, group] of groups.entries()) {
    if (!isObject(group) || !isType(group.type) || !Array.isArray(group.attributes) || !Array.isArray(group.entries)) {
      return `group ${g} of "managed" lacks a known type, its attribute names or its entries`;
    }
    const type = group.type;
    const names = group.attributes;
    if (names.some((n, k) => typeof n !== 'string' || attrSpec(type, n) === undefined || names.indexOf(n) !== k)) {
      return `group ${g} of "managed" (${type}) names an attribute twice or one that ${type} does not have`;
    }
    // Every attribute named (none twice, none unknown): a row can then be all of an object's attributes.
    const whole = configured !== null && namesEveryAttribute(type, names);
    const at = (name: string) => ROW_PREFIX + names.indexOf(name);
    const [service, address, port] = [at('service'), at('address'), at('port')];
    const rows = group.entries;
    for (let r = 0; r < rows.length; r++) {
      const row: unknown = rows[r];
      if (row === CONFIGURED_ROW) {
        out.push(laid[nextLaid++] as never);
        asConfigured.push(true);
        continue;
      }
      if (!Array.isArray(row) || row.length !== ROW_PREFIX + names.length) return `entry ${r} of group ${g} of "managed" (${type}) is not a list of ${ROW_PREFIX + names.length} values`;
      const configAddress: unknown = row[0];
      const realserver: unknown = row[1];
      if ((configAddress !== null && typeof configAddress !== 'string') || (realserver !== null && typeof realserver !== 'string')) {
        return `entry ${r} of group ${g} of "managed" (${type}) has an address or real server that is neither a string nor null`;
      }
      // The configured object the row is, if any: a destination is found without making its id or attributes.
      let same = whole && type === 'ipvs_destination' ? sameAs(row, names as string[], destinationOf(configured, row[service], row[address], row[port])) : undefined;
      let entry: Record<string, unknown>;
      if (same !== undefined) entry = { type, id: same.id, attrs: same.attrs };
      else {
        const attrs: Record<string, unknown> = {};
        for (let k = 0; k < names.length; k++) attrs[names[k] as string] = row[ROW_PREFIX + k];
        const id = identityOf(type, attrs);
        if (id === null) return `entry ${r} of group ${g} of "managed" (${type}): ${validateAttrs(type, attrs) ?? 'it lacks the attributes its id is made of'}`;
        if (whole && type === 'ipvs_service') same = sameAs(row, names as string[], configured.service(id));
        entry = same !== undefined ? { type, id: same.id, attrs: same.attrs } : { type, id, attrs };
      }
      asConfigured.push(same !== undefined);
      if (configAddress !== null) entry.address = configAddress;
      if (realserver !== null) entry.realserver = realserver;
      out.push(entry);
    }
  }
  return { managed: out, asConfigured };
}

/** The configured destination at (service, address, port) of a row, when those are of the right types. */
function destinationOf(configured: ExpectedIpvs, service: unknown, address: unknown, port: unknown): { id: string; attrs: Attrs } | undefined {
  return typeof service === 'string' && typeof address === 'string' && typeof port === 'number' ? configured.destination(service, address, port) : undefined;
}

/** `object` when the row's values are its attributes. */
function sameAs<T extends { attrs: Attrs }>(row: unknown[], names: readonly string[], object: T | undefined): T | undefined {
  return object !== undefined && rowHas(row, names, object.attrs) ? object : undefined;
}

/** Whether the row's values are the attributes' (named in the row's order). */
function rowHas(row: unknown[], names: readonly string[], attrs: Attrs): boolean {
  for (let k = 0; k < names.length; k++) if (!valueEqual(row[ROW_PREFIX + k] as AttrValue, attrs[names[k]!])) return false;
  return true;
}
