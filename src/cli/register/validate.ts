import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addVariableOptions } from '../options.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  addVariableOptions(program.command('validate'), ctx)
    .summary('Check whether the configuration is valid')
    .description('Check the configuration in DIR (default: the current directory) without contacting any host.')
    .argument('[dir]', 'configuration directory', '.')
    .option('--json', "print diagnostics in Terraform's validate -json format")
    .option('--no-color', 'disable colour output')
    .action((dir: string, opts: { json?: boolean; color?: boolean }) =>
      ctx.run(async () => (await import('../commands/validate.js')).runValidate({ dir, json: !!opts.json, color: ctx.color(opts), variables: ctx.variables }, ctx.io)),
    );
}
