import type { ResourceChange } from '../../plan/types.js';

/** The changes a plan of (configuration + import) makes beyond those the configuration alone makes. */
export function newChanges(withImport: readonly ResourceChange[], alone: readonly ResourceChange[]): ResourceChange[] {
  const key = (c: ResourceChange): string => `${c.host}\u0000${c.type}\u0000${c.id}\u0000${c.action}`;
  const before = new Set(alone.filter((c) => c.action !== 'no-op').map(key));
  return withImport.filter((c) => c.action !== 'no-op' && !before.has(key(c)));
}

/** Per realserver host, the addresses of the changes the import would cause there. */
export function realserverChanges(changes: readonly ResourceChange[], realservers: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of changes) if (realservers.has(c.host)) out.set(c.host, [...(out.get(c.host) ?? []), c.address]);
  return out;
}
