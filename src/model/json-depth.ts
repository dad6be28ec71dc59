/** Deepest nesting lvsplan accepts in JSON it reads (plan files, state records); real ones nest under 10. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when parsed JSON nests arrays or objects deeper than `limit`. The walk stops at `limit`, so a
 * hostile value nested 100,000 deep is answered in `limit` frames instead of overflowing the stack the
 * way an unbounded recursive walk (JSON.stringify, a canonical form, a fingerprint) would.
 */
export function nestedDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  return deeper(value, 0, limit);
}

function deeper(v: unknown, depth: number, limit: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (depth >= limit) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (deeper(v[i], depth + 1, limit)) return true;
    return false;
  }
  const o = v as Record<string, unknown>;
  for (const key in o) if (deeper(o[key], depth + 1, limit)) return true;
  return false;
}
