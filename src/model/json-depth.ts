/** Deepest nesting lvsplan accepts in JSON it reads (plan files, state records); real ones nest under 10. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when parsed JSON nests arrays or objects deeper than `limit`. Iterative, so a hostile value
 * nested 100,000 deep is answered instead of overflowing the stack the way a recursive walk
 * (JSON.stringify, a canonical form, a fingerprint) would.
 */
export function nestedDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
