import { SCHEMAS } from '../src/model/schema/index.js';
import type { StateRecord } from '../src/model/state-record.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and checks the state record file; a string is the reason it is not valid. */
export function parseStateRecord(text: string): StateRecord | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `it is not JSON (${(e as Error).message})`;
  }
  if (!isObject(v)) return 'it is not a JSON object';
  if (v.version !== 1) return `version ${JSON.stringify(v.version)} is not supported (expected 1)`;
  if (!Array.isArray(v.managed)) return '"managed" is not a list';
  for (const m of v.managed) {
    if (!isObject(m) || typeof m.type !== 'string' || typeof m.id !== 'string' || !isObject(m.attrs)) {
      return 'an entry of "managed" lacks type, id or attrs';
    }
    if (m.address !== undefined && typeof m.address !== 'string') return 'an entry of "managed" has an address that is not a string';
    if (!Object.prototype.hasOwnProperty.call(SCHEMAS, m.type)) return `an entry of "managed" has unknown type ${JSON.stringify(m.type)}`;
  }
  if (!isObject(v.originalSysctls) || Object.values(v.originalSysctls).some((x) => typeof x !== 'string')) {
    return '"originalSysctls" is not an object of strings';
  }
  if (v.updatedAt !== undefined && typeof v.updatedAt !== 'string') return '"updatedAt" is not a string';
  return v as unknown as StateRecord;
}
