import { evalExpr } from '../../config/eval-attr.js';
import { hasErrors, type Diagnostic } from '../../hcl/diagnostic.js';
import { parseFile } from '../../hcl/parse.js';
import type { HclObject, HclValue } from '../../hcl/value.js';
import { renderConsoleValue } from '../../render/console-value.js';
import { isSensitiveExpr } from '../../config/sensitivity.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { loadConfig } from '../load-config.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';
import { SENSITIVE_TEXT } from '../../model/sensitive-text.js';

export interface ConsoleOptions {
  dir: string;
  variables: VariableInput[];
  color: boolean;
}

const INPUT = '<console-input>';

/** Bracket depth of an input so far, ignoring brackets inside quoted strings: > 0 means read more. */
function openBrackets(text: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
  }
  return depth;
}

/** One expression against var.* and local.*; diagnostics name <console-input>, as Terraform's do. */
function evaluateLine(text: string, scope: { var: HclObject; local: HclObject }): { value?: HclValue; sensitive?: boolean; diagnostics: Diagnostic[] } {
  const parsed = parseFile(`console_input = ${text}\n`, INPUT);
  const attr = parsed.file.body.attributes[0];
  if (hasErrors(parsed.diagnostics) || !attr || parsed.file.body.attributes.length !== 1 || parsed.file.body.blocks.length > 0) {
    return { diagnostics: parsed.diagnostics.length > 0 ? parsed.diagnostics : [{ severity: 'error', summary: 'Invalid expression', detail: 'Enter one expression per line, e.g. var.vip or local.backends.' }] };
  }
  const diagnostics: Diagnostic[] = [];
  const value = evalExpr(attr.expr, scope, diagnostics);
  return value === undefined || hasErrors(diagnostics) ? { diagnostics } : { value, sensitive: isSensitiveExpr(attr.expr, scope), diagnostics };
}

/**
 * `lvsplan console`: evaluates expressions against the configuration's variables and locals. On a
 * terminal: a `> ` prompt, each result printed, `exit` or end of input quits. From a pipe, as
 * Terraform does: every line evaluated, only the last result printed, the first error exits 1.
 */
export async function runConsole(opts: ConsoleOptions, io: CliIO): Promise<number> {
  const loaded = loadConfig(opts.dir, opts.variables, io);
  if (!loaded.scope || hasErrors(loaded.diagnostics)) {
    printDiagnostics(io, loaded.diagnostics, loaded.sources, opts.color);
    return EXIT_ERROR;
  }
  const scope = loaded.scope;
  const interactive = io.stdinIsTTY;
  let last: string | null = null;
  for (;;) {
    if (interactive) io.stdout('> ');
    let text = await io.readLine();
    if (text === null) break;
    while (openBrackets(text) > 0) {
      if (interactive) io.stdout(': ');
      const more = await io.readLine();
      if (more === null) break;
      text += `\n${more}`;
    }
    if (text.trim() === '') continue;
    if (text.trim() === 'exit') break;
    const r = evaluateLine(text, scope);
    // Terraform shows console diagnostics without a snippet: "(source code not available)".
    printDiagnostics(io, r.diagnostics, new Map(), opts.color);
    if (r.value === undefined) {
      if (!interactive) return EXIT_ERROR;
      continue;
    }
    // As Terraform's console: a value derived from a sensitive variable is not shown.
    last = r.sensitive ? SENSITIVE_TEXT : renderConsoleValue(r.value);
    if (interactive) io.stdout(`${last}\n`);
  }
  if (interactive) io.stdout('\n');
  else if (last !== null) io.stdout(`${last}\n`);
  return EXIT_OK;
}
