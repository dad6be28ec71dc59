import { nestedDeeperThan } from '../src/model/json-depth.js';
import { SCHEMAS, type ResourceType } from '../src/model/schema/index.js';
import type { StateRecord } from '../src/model/state-record.js';
import { attrsProblem, isFlatAttrs } from './attrs-check.js';
import { sysctlNameError } from './sysctl/name.js';
import { sysctlValueError } from './sysctl/value.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses and checks the state record file; a string is the reason it is not valid. The file lives on
 * the host, so it is untrusted: every entry must be a resource lvsplan could have written (its
 * attributes give its id and build the command that creates it), every original sysctl a name and
 * value lvsplan may write back.
 */
export function parseStateRecord(text: string): StateRecord | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `it is not JSON (${(e as Error).message})`;
  }
  if (nestedDeeperThan(v)) return 'it nests deeper than any record lvsplan writes';
  if (!isObject(v)) return 'it is not a JSON object';
  if (v.version !== 1) return `version ${JSON.stringify(v.version)} is not supported (expected 1)`;
  if (!Array.isArray(v.managed)) return '"managed" is not a list';
  const services = new Map<string, Record<string, unknown>>();
  for (const m of v.managed) if (isObject(m) && m.type === 'ipvs_service' && typeof m.id === 'string' && isFlatAttrs(m.attrs)) services.set(m.id, m.attrs);
  for (const [i, m] of v.managed.entries()) {
    if (!isObject(m) || typeof m.type !== 'string' || typeof m.id !== 'string' || !isFlatAttrs(m.attrs)) {
      return `entry ${i} of "managed" lacks a type, an id or flat attributes`;
    }
    if (m.address !== undefined && typeof m.address !== 'string') return `entry ${i} of "managed" has an address that is not a string`;
    if (!Object.prototype.hasOwnProperty.call(SCHEMAS, m.type)) return `entry ${i} of "managed" has the unknown type ${JSON.stringify(m.type)}`;
    const why = attrsProblem(m.type as ResourceType, m.id, m.attrs, (id) => (services.get(id) as never) ?? null);
    if (why) return `entry ${i} of "managed" (${JSON.stringify(m.id)}): ${why}`;
    if (m.realserver !== undefined && typeof m.realserver !== 'string') return `entry ${i} of "managed" has a "realserver" that is not a string`;
  }
  if (!isObject(v.originalSysctls)) return '"originalSysctls" is not an object';
  for (const [name, value] of Object.entries(v.originalSysctls)) {
    const why = sysctlNameError(name) ?? sysctlValueError(value);
    if (why) return `"originalSysctls": ${why}`;
  }
  if (v.updatedAt !== undefined && typeof v.updatedAt !== 'string') return '"updatedAt" is not a string';
  return v as unknown as StateRecord;
}
