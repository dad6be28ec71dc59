import { hasErrors, type Diagnostic } from '../../hcl/diagnostic.js';
import { clusterDot, planDot } from '../../render/graph-dot.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { loadConfig } from '../load-config.js';
import { makePlan } from '../make-plan.js';
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
