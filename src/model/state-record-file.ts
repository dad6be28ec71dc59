import { ATTR_NAMES, type ResourceType } from './schema/index.js';
import type { ManagedEntry, StateRecord } from './state-record.js';

/**
 * The state record file's format. Version 2 stores each type's entries as rows under one list of its attribute
 * names, a row per line: [configuration address, real server, ...values in that order]. An entry's id is not
 * stored: its attributes give it (identityOf), and a reader checks that anyway. A 100,000-destination director's
 * record is about 13 MB this way, where version 1 (an object per entry with its id and attribute names, indented)
 * was 54 MB, past the 64 MiB a host's read may print together with its IPVS table. Version 1 is still read.
 */
export const STATE_FILE_VERSION = 2;

/** The fields of a row before the attribute values. */
export const ROW_PREFIX = 2;

/** Whether a group's attribute names are each of its type's once (in any order): a row under them is all of an object's attributes. */
export function namesEveryAttribute(type: ResourceType, names: readonly unknown[]): boolean {
  const all = ATTR_NAMES[type];
  return names.length === all.length && all.every((n) => names.includes(n));
}

/** The record as version 2 text. An attribute an entry lacks is written as null, which is what a missing one means. */
export function stateRecordText(record: StateRecord): string {
  const byType = new Map<ResourceType, ManagedEntry[]>();
  for (const m of record.managed) {
    const list = byType.get(m.type);
    if (list) list.push(m);
    else byType.set(m.type, [m]);
  }
  const groups = [...byType].map(([type, entries]) => {
    const names = ATTR_NAMES[type];
    const rows = entries.map((m) => JSON.stringify([m.address ?? null, m.realserver ?? null, ...names.map((n) => m.attrs[n] ?? null)]));
    return `{"type":${JSON.stringify(type)},"attributes":${JSON.stringify(names)},"entries":[\n${rows.join(',\n')}\n]}`;
  });
  const head = { version: STATE_FILE_VERSION, ...(record.updatedAt !== undefined ? { updatedAt: record.updatedAt } : {}), originalSysctls: record.originalSysctls };
  return `${JSON.stringify(head).slice(0, -1)},"managed":[\n${groups.join(',\n')}\n]}\n`;
}
