import type { Command } from 'commander';
import { validateJson } from '../../config/index.js';
import { hasErrors } from '../../hcl/diagnostic.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import type { CliContext } from '../context.js';
import { loadConfig } from '../load-config.js';
import { addVariableOptions } from '../options.js';
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

export function registerValidate(program: Command, ctx: CliContext): void {
  addVariableOptions(program.command('validate'), ctx)
    .summary('Check whether the configuration is valid')
    .description('Check the configuration in DIR (default: the current directory) without contacting any host.')
    .argument('[dir]', 'configuration directory', '.')
    .option('--json', "print diagnostics in Terraform's validate -json format")
    .option('--no-color', 'disable colour output')
    .action((dir: string, opts: { json?: boolean; color?: boolean }) =>
      ctx.run(() => runValidate({ dir, json: !!opts.json, color: ctx.color(opts), variables: ctx.variables }, ctx.io)),
    );
}
