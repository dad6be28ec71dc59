import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { HostSpec } from '../model/hosts.js';
import type { KnownHost } from '../model/known-hosts.js';

/** Known hosts the configuration no longer declares: they are read and planned with nothing desired. */
export function removedHosts(configured: readonly HostSpec[], known: readonly KnownHost[]): HostSpec[] {
  const names = new Set(configured.map((h) => h.name));
  return known.filter((h) => !names.has(h.name)).map((h) => ({ ...h, exclusive: false }));
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
