import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addVariableOptions } from '../options.js';

export function registerTest(program: Command, ctx: CliContext): void {
  addVariableOptions(program.command('test'), ctx)
    .summary('Run the probes of the configuration through the VIP')
    .description('Run every probe block of the configuration in DIR (requests through the VIP from a client host, optional ARP check) and report what each saw.')
    .argument('[dir]', 'configuration directory', '.')
    .option('--no-color', 'disable colour output')
    .action((dir: string, opts: { color?: boolean }) =>
      ctx.run(async () => (await import('../commands/test.js')).runTest({ dir, variables: ctx.variables, color: ctx.color(opts) }, ctx.io)),
    );
}
