import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addVariableOptions } from '../options.js';

export function registerConsole(program: Command, ctx: CliContext): void {
  addVariableOptions(program.command('console'), ctx)
    .summary('Try expressions against the configuration at a prompt')
    .description("Evaluate expressions against the variables and locals of the configuration in DIR, one per line, from a terminal or standard input.")
    .argument('[dir]', 'configuration directory', '.')
    .option('--no-color', 'disable colour output')
    .action((dir: string, opts: { color?: boolean }) =>
      ctx.run(async () => (await import('../commands/console.js')).runConsole({ dir, variables: ctx.variables, color: ctx.color(opts) }, ctx.io)),
    );
}
