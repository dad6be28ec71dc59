import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { DEFAULT_PARALLELISM } from '../options.js';

export function registerShow(program: Command, ctx: CliContext): void {
  program
    .command('show')
    .summary('Show the current managed state or a saved plan')
    .description('Print a saved plan FILE; without one, what lvsplan manages on the hosts of the configuration in the current directory.')
    .argument('[file]', 'plan file written by plan -out')
    .option('--json', "print in Terraform's show -json format")
    .option('--no-color', 'disable colour output')
    .action((file: string | undefined, opts: { json?: boolean; color?: boolean }) =>
      ctx.run(async () =>
        file === undefined
          ? (await import('../commands/state.js')).runShowState(
              { dir: '.', json: !!opts.json, version: ctx.version, variables: ctx.variables, parallelism: DEFAULT_PARALLELISM, color: ctx.color(opts) },
              ctx.io,
            )
          : (await import('../commands/show.js')).runShow({ file, json: !!opts.json, color: ctx.color(opts) }, ctx.io),
      ),
    );
}
