import type { Diagnostic } from '../hcl/diagnostic.js';
import { renderDiagnostic } from '../render/diagnostics.js';
import type { CliIO } from './io.js';

/** Writes diagnostics to stderr the way Terraform does (errors and warnings in boxes with snippets). */
export function printDiagnostics(io: CliIO, diags: readonly Diagnostic[], sources: Map<string, string>, color: boolean): void {
  for (const d of diags) io.stderr(`${renderDiagnostic(d, sources, { color })}\n`);
}
