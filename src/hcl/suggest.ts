/** " Did you mean \"x\"?" for the known name closest to `name` (edit distance under 3), or "". */
export function suggest(name: string, known: Iterable<string>): string {
  const best = closest(name, known);
  return best === null ? '' : ` Did you mean ${JSON.stringify(best)}?`;
}

/** The known name closest to `name` by edit distance, if under 3 (the first of equals); else null. */
export function closest(name: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDist = 3;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
