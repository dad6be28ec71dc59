import { validateJson } from '../../config/index.js';
import { hasErrors } from '../../hcl/diagnostic.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { loadConfig } from '../load-config.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';

export interface ValidateOptions {
  dir: string;
  json: boolean;
  color: boolean;
  variables: VariableInput[];
}

/** Loads, evaluates and checks the configuration; contacts no host. */
export async function runValidate(opts: ValidateOptions, io: CliIO): Promise<number> {
  const { diagnostics, sources } = loadConfig(opts.dir, opts.variables, io);
  const failed = hasErrors(diagnostics);
  if (opts.json) {
    io.stdout(`${JSON.stringify(validateJson(diagnostics, sources), null, 2)}\n`);
  } else {
    printDiagnostics(io, diagnostics, sources, opts.color);
    if (!failed) io.stdout('Success! The configuration is valid.\n');
  }
  return failed ? EXIT_ERROR : EXIT_OK;
}
