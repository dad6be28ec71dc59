import type { Range } from './range.js';

export type Severity = 'error' | 'warning';

/** A problem found in user input or the environment. Diagnostics are values; they are never thrown. */
export interface Diagnostic {
  severity: Severity;
  summary: string;
  detail?: string;
  /** The source range the problem is about, when it comes from a file. */
  subject?: Range;
  /** A wider range giving context (e.g. the whole expression), optional. */
  context?: Range;
}

export function errorDiag(summary: string, detail: string | undefined, subject?: Range): Diagnostic {
  return { severity: 'error', summary, detail, subject };
}

export function warningDiag(summary: string, detail: string | undefined, subject?: Range): Diagnostic {
  return { severity: 'warning', summary, detail, subject };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/**
 * Drops repeats of the same problem at the same place (a for_each body evaluated once per element
 * reports its error once, not once per element).
 */
export function dedupeDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const s = d.subject;
    const key = `${d.severity}\u0000${d.summary}\u0000${d.detail ?? ''}\u0000${s ? `${s.filename}:${s.start.byte}-${s.end.byte}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
