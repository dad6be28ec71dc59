import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { hasErrors, type Diagnostic } from '../../hcl/diagnostic.js';
import { clusterDot, planDot } from '../../render/graph-dot.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { loadConfig } from '../load-config.js';
import { makePlan } from '../make-plan.js';
import { addVariableOptions, DEFAULT_PARALLELISM, parseParallelism } from '../options.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';

export interface GraphOptions {
  dir: string;
  type: 'cluster' | 'plan';
  variables: VariableInput[];
  parallelism: number;
  color: boolean;
}

/** `graph`: the cluster (from the configuration) or the plan's order of changes (reads the hosts), as DOT. */
export async function runGraph(opts: GraphOptions, io: CliIO): Promise<number> {
  const report = (diags: readonly Diagnostic[], sources: Map<string, string>) => printDiagnostics(io, diags, sources, opts.color);
  if (opts.type === 'cluster') {
    const loaded = loadConfig(opts.dir, opts.variables, io);
    report(loaded.diagnostics, loaded.sources);
    if (!loaded.desired || hasErrors(loaded.diagnostics)) return EXIT_ERROR;
    io.stdout(clusterDot(loaded.desired.resources));
    return EXIT_OK;
  }
  const made = await makePlan({ dir: opts.dir, variables: opts.variables, targets: [], parallelism: opts.parallelism, mode: 'apply', input: false, report }, io);
  if (!made) return EXIT_ERROR;
  await made.runners.close();
  io.stdout(planDot(made.plan));
  return EXIT_OK;
}

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
      ctx.run(() => runGraph({ dir, type: opts.type, variables: ctx.variables, parallelism: opts.parallelism, color: ctx.color(opts) }, ctx.io)),
    );
}
