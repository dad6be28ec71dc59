import { hasErrors, type Diagnostic } from '../diagnostic.js';
import { parseScanned } from '../parse.js';
import { scanTokens } from '../scanner.js';
import { FmtTokens } from './fmt-tokens.js';
import { layoutTokens } from './layout.js';
import { renderTokens } from './render-tokens.js';
import { applyTerraformRewrites } from './terraform-rewrites.js';

export interface FormatResult {
  /** The canonical text, or null when the source has syntax errors (then it must not be rewritten). */
  formatted: string | null;
  diagnostics: Diagnostic[];
}

/**
 * The canonical layout of an HCL file, byte for byte what `terraform fmt` writes. A file with syntax
 * errors is not formatted (as Terraform, which would otherwise make changes hard to undo).
 */
export function formatHclSource(src: string, filename: string): FormatResult {
  const scanned = scanTokens(src);
  let tokens: FmtTokens;
  let diagnostics: Diagnostic[];
  try {
    diagnostics = parseScanned(src, filename, scanned).diagnostics;
    if (hasErrors(diagnostics)) return { formatted: null, diagnostics };
    tokens = FmtTokens.fromScan(src, scanned);
  } finally {
    scanned.release();
  }
  tokens = applyTerraformRewrites(tokens, filename);
  layoutTokens(tokens);
  return { formatted: renderTokens(tokens), diagnostics };
}

/**
 * Formats HCL text that is known to be valid (e.g. generated configuration). Throws an Error naming the
 * first syntax error when it is not: that is a bug in whatever generated the text.
 */
export function formatHcl(text: string, filename = 'generated.hcl'): string {
  const r = formatHclSource(text, filename);
  if (r.formatted === null) {
    const first = r.diagnostics.find((d) => d.severity === 'error');
    const at = first?.subject ? ` at ${first.subject.filename}:${first.subject.start.line},${first.subject.start.column}` : '';
    throw new Error(`formatHcl: the text is not valid HCL: ${first?.summary ?? 'syntax error'}${at}${first?.detail ? `: ${first.detail}` : ''}`);
  }
  return r.formatted;
}
