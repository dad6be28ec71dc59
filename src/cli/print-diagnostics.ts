import type { Diagnostic } from '../hcl/diagnostic.js';
import { renderDiagnostic } from '../render/diagnostics.js';
import type { CliIO } from './io.js';

/** Writes diagnostics to stderr the way Terraform does (errors and warnings in boxes with snippets). */
export function printDiagnostics(io: CliIO, diags: readonly Diagnostic[], sources: Map<string, string>, color: boolean, opts: { compactWarnings?: boolean } = {}): void {
  if (opts.compactWarnings && diags.length > 0 && diags.every((d) => d.severity === 'warning')) {
    io.stderr(compactWarnings(diags));
    return;
  }
  for (const d of diags) io.stderr(`${renderDiagnostic(d, sources, { color })}\n`);
}

/** Terraform's -compact-warnings summary: one line per warning, with where it is. */
function compactWarnings(diags: readonly Diagnostic[]): string {
  const lines = ['Warnings:', ''];
  for (const d of diags) {
    lines.push(`- ${d.summary}`);
    if (d.subject) lines.push(`  on ${d.subject.filename} line ${d.subject.start.line}`);
  }
  lines.push('', 'To see the full warning notes, run lvsplan without -compact-warnings.', '');
  return lines.join('\n');
}
