import type { Diagnostic } from '../hcl/diagnostic.js';
import { diagnosticToJson, type JsonDiagnostic } from '../render/diagnostics.js';

/** The shape of `terraform validate -json`. */
export interface ValidateJson {
  format_version: '1.0';
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: JsonDiagnostic[];
}

export function validateJson(diags: readonly Diagnostic[], sources: Map<string, string>): ValidateJson {
  const errors = diags.filter((d) => d.severity === 'error').length;
  return {
    format_version: '1.0',
    valid: errors === 0,
    error_count: errors,
    warning_count: diags.length - errors,
    diagnostics: diags.map((d) => diagnosticToJson(d, sources)),
  };
}
