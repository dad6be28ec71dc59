import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addVariableOptions, DEFAULT_PARALLELISM, parseParallelism } from '../options.js';

export function registerState(program: Command, ctx: CliContext): void {
  const state = program.command('state').summary('Show what lvsplan manages on the hosts').description("Read the hosts' state records: what lvsplan manages on each.");
  const common = (cmd: Command) =>
    addVariableOptions(cmd, ctx)
      .option('--parallelism <n>', 'hosts read at once', parseParallelism, DEFAULT_PARALLELISM)
      .option('--no-color', 'disable colour output');
  common(state.command('list').description('List the address of every object lvsplan manages on the hosts of DIR.').argument('[dir]', 'configuration directory', '.')).action(
    (dir: string, opts: { parallelism: number; color?: boolean }) =>
      ctx.run(async () => (await import('../commands/state.js')).runStateList({ dir, variables: ctx.variables, parallelism: opts.parallelism, color: ctx.color(opts) }, ctx.io)),
  );
  common(
    state
      .command('show')
      .description('Show the recorded attributes of the object at ADDRESS (configuration in the current directory, or -chdir).')
      .argument('<address>', 'e.g. virtual_server.web or \'virtual_server.web.backend["lvs01"]\''),
  ).action((address: string, opts: { parallelism: number; color?: boolean }) =>
    ctx.run(async () =>
      (await import('../commands/state.js')).runStateShow({ dir: '.', address, variables: ctx.variables, parallelism: opts.parallelism, color: ctx.color(opts) }, ctx.io),
    ),
  );
}
