import { errorDiag, warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { ConnectionSpec, HostSpec } from '../model/hosts.js';
import type { KnownHost } from '../model/known-hosts.js';

/**
 * Known hosts the configuration no longer declares: they are read and planned with nothing desired. A known
 * host reached exactly like a configured one is the same machine under a new name (its state record is the
 * configured host's), so it is not cleaned up; the warning says it is forgotten.
 */
export function removedHosts(configured: readonly HostSpec[], known: readonly KnownHost[], diags: Diagnostic[] = []): HostSpec[] {
  const names = new Set(configured.map((h) => h.name));
  const out: HostSpec[] = [];
  for (const h of known) {
    if (names.has(h.name)) continue;
    const renamed = configured.find((c) => sameEndpoint(c.connection, h.connection));
    if (renamed) {
      diags.push(warningDiag(`Host ${h.name} is now ${renamed.name}`, `${h.role} ${h.name} left the configuration, but ${renamed.role} ${renamed.name} is reached the same way, so it is taken to be the same machine renamed; lvsplan does not clean it up and forgets the old name.`));
      continue;
    }
    out.push({ ...h, exclusive: false });
  }
  return out;
}

function sameEndpoint(a: ConnectionSpec, b: ConnectionSpec): boolean {
  if (a.type === 'ssh' && b.type === 'ssh') return a.host === b.host && (a.user ?? '') === (b.user ?? '') && (a.port ?? 22) === (b.port ?? 22) && (a.bastion ?? '') === (b.bastion ?? '');
  if (a.type === 'exec' && b.type === 'exec') return a.command.length === b.command.length && a.command.every((x, i) => x === b.command[i]);
  return a.type === 'local' && b.type === 'local';
}

/** A removed host that could not be read: say why lvsplan still reaches for it, and how to stop. */
export function unreadRemoved(removed: readonly HostSpec[], read: readonly { observed: { host: string } }[], file: string): Diagnostic[] {
  const ok = new Set(read.map((r) => r.observed.host));
  return removed
    .filter((h) => !ok.has(h.name))
    .map((h) =>
      errorDiag(
        `Cannot clean up removed host ${h.name}`,
        `${h.role} ${h.name} is no longer in the configuration, but ${file} lists it because lvsplan prepared it, so lvsplan reads it to undo what it set up there. Make ${h.name} reachable again, or delete its entry from that file to leave it as it is.`,
      ),
    );
}
