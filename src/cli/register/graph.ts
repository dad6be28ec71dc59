import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { addVariableOptions, DEFAULT_PARALLELISM, parseParallelism } from '../options.js';

function parseGraphType(v: string): 'cluster' | 'plan' {
  if (v === 'cluster' || v === 'plan') return v;
  throw new InvalidArgumentError(`"${v}" is not a graph type; use cluster (client -> VIP -> director -> real servers) or plan (the order of changes).`);
}

export function registerGraph(program: Command, ctx: CliContext): void {
  addVariableOptions(program.command('graph'), ctx)
    .summary('Draw the cluster or the order of changes as Graphviz DOT')
    .description('Print the cluster of DIR (client -> VIP -> director -> real servers) or, with -type=plan, the order in which apply would make the changes (reads every host), as Graphviz DOT: lvsplan graph | dot -Tsvg > graph.svg')
    .argument('[dir]', 'configuration directory', '.')
    .option('--type <type>', 'cluster or plan', parseGraphType, 'cluster')
    .option('--parallelism <n>', 'hosts read at once (-type=plan)', parseParallelism, DEFAULT_PARALLELISM)
    .option('--no-color', 'disable colour output')
    .action((dir: string, opts: { type: 'cluster' | 'plan'; parallelism: number; color?: boolean }) =>
      ctx.run(async () =>
        (await import('../commands/graph.js')).runGraph({ dir, type: opts.type, variables: ctx.variables, parallelism: opts.parallelism, color: ctx.color(opts) }, ctx.io),
      ),
    );
}
