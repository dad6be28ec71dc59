import type { ImportedHealthCheck } from './cluster.js';

/** A command line as argv: words split on blanks, double-quoted words kept whole. */
export function commandArgv(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * lvsplan's health_check needs a timeout shorter than its interval (keepalived's MISC_CHECK defaults its
 * timeout to delay_loop, and ldirectord allows any): such a timeout becomes half the interval.
 */
export function timeoutWithinInterval(h: ImportedHealthCheck): { check: ImportedHealthCheck; clamped: boolean } {
  if (h.interval === null || h.timeout === null || h.timeout < h.interval) return { check: h, clamped: false };
  return { check: { ...h, timeout: h.interval / 2 }, clamped: true };
}

/** The check the most backends of a service use: written once on the service, the others per backend. */
export function commonCheck(checks: readonly (ImportedHealthCheck | null)[]): ImportedHealthCheck | null {
  const count = new Map<string, { check: ImportedHealthCheck; n: number }>();
  for (const c of checks) {
    if (!c) continue;
    const k = JSON.stringify(c);
    const e = count.get(k);
    if (e) e.n++;
    else count.set(k, { check: c, n: 1 });
  }
  let best: { check: ImportedHealthCheck; n: number } | null = null;
  for (const e of count.values()) if (!best || e.n > best.n) best = e;
  return best?.check ?? null;
}

export const sameCheck = (a: ImportedHealthCheck | null, b: ImportedHealthCheck | null): boolean => JSON.stringify(a) === JSON.stringify(b);
