import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addVariableOptions, DEFAULT_PARALLELISM, parseParallelism } from '../options.js';

export function registerImport(program: Command, ctx: CliContext): void {
  addVariableOptions(
    program
      .command('import')
      .summary('Write the HCL of a running cluster, a keepalived.conf or an ldirectord.cf')
      .description(
        'Read the directors and real servers the configuration in DIR declares and write the virtual_server blocks that describe what runs there (services already configured are skipped), so that plan right after says No changes. With -from=keepalived or -from=ldirectord, convert FILE instead; the services go to the director declared in the current directory (-director=NAME picks one), or to a new director block.',
      )
      .argument('[dir-or-file]', 'configuration directory (default: current directory); with -from, the file to convert')
      .option('--from <format>', 'convert a keepalived or ldirectord configuration file')
      .option('--director <name>', 'the declared director the services run on, when there are several')
      .option('--out <file>', 'write the HCL to FILE, a new file, instead of standard output')
      .option('--config-id <id>', "with -from=keepalived: the director's config-id (keepalived -i), which picks its @ID lines")
      .option('--parallelism <n>', 'hosts read at once', parseParallelism, DEFAULT_PARALLELISM)
      .option('--no-color', 'disable colour output'),
    ctx,
  ).action((path: string | undefined, opts: { from?: string; director?: string; out?: string; configId?: string; parallelism: number; color?: boolean }) =>
    ctx.run(async () =>
      (await import('../commands/import.js')).runImport(
        { path, from: opts.from, director: opts.director, out: opts.out, configId: opts.configId, variables: ctx.variables, parallelism: opts.parallelism, color: ctx.color(opts) },
        ctx.io,
      ),
    ),
  );
}
