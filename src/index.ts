export { parseFile } from './hcl/parse.js';
export { parseHclToJson, type JsonValue } from './hcl/to-json.js';
export type * from './hcl/ast.js';
export type { Pos, Range } from './hcl/range.js';
export type { Diagnostic, Severity } from './hcl/diagnostic.js';
export { renderDiagnostic, diagnosticToJson, type JsonDiagnostic } from './render/diagnostics.js';
export { formatHcl, formatHclSource, type FormatResult } from './hcl/format/format-hcl.js';
