import type { Located } from './located.js';

type Source = Located<unknown> | readonly Located<unknown>[] | null | undefined;

/** The attributes whose source value is marked sensitive, as DesiredExtras.sensitive (absent when none). */
export function sensitiveAttrs(sources: Readonly<Record<string, Source>>): { sensitive?: string[] } {
  const names = Object.keys(sources).filter((k) => {
    const s = sources[k];
    return Array.isArray(s) ? s.some((x: Located<unknown>) => x.sensitive) : Boolean((s as Located<unknown> | null | undefined)?.sensitive);
  });
  return names.length > 0 ? { sensitive: names } : {};
}
