import type { Command } from 'commander';
import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { suggest } from '../../hcl/suggest.js';
import { renderStateObject, stateJson } from '../../render/state-text.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { readManagedState, type ManagedState } from '../managed-state.js';
import { addVariableOptions, DEFAULT_PARALLELISM, parseParallelism } from '../options.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';

export interface StateOptions {
  dir: string;
  variables: VariableInput[];
  parallelism: number;
  color: boolean;
}

async function read(opts: StateOptions, io: CliIO): Promise<ManagedState | null> {
  const report = (diags: readonly Diagnostic[], sources: Map<string, string>) => printDiagnostics(io, diags, sources, opts.color);
  const state = await readManagedState(opts, io, report);
  if (state && state.recorded.length === 0) {
    report([errorDiag('No state records found', `No host of the configuration in ${opts.dir} has a state record (/var/lib/lvsplan/state.json): lvsplan manages nothing there yet. Run "lvsplan apply" first.`)], new Map());
    return null;
  }
  return state;
}

/** `state list`: every managed address, one per line. */
export async function runStateList(opts: StateOptions, io: CliIO): Promise<number> {
  const state = await read(opts, io);
  if (!state) return EXIT_ERROR;
  for (const address of new Set(state.objects.map((o) => o.address))) io.stdout(`${address}\n`);
  return EXIT_OK;
}

/** `state show ADDRESS`: the recorded attributes of that object on every host that has it. */
export async function runStateShow(opts: StateOptions & { address: string }, io: CliIO): Promise<number> {
  const state = await read(opts, io);
  if (!state) return EXIT_ERROR;
  const found = state.objects.filter((o) => o.address === opts.address);
  if (found.length === 0) {
    const hint = suggest(opts.address, new Set(state.objects.map((o) => o.address)));
    printDiagnostics(io, [errorDiag('No instance found for the given address', `lvsplan manages nothing at ${opts.address} on any host.${hint} "lvsplan state list" lists what it manages.`)], new Map(), opts.color);
    return EXIT_ERROR;
  }
  io.stdout(found.map(renderStateObject).join('\n'));
  return EXIT_OK;
}

/** `show` without a file: everything lvsplan manages, as text or Terraform's state JSON. */
export async function runShowState(opts: StateOptions & { json: boolean; version: string }, io: CliIO): Promise<number> {
  const state = await read(opts, io);
  if (!state) return EXIT_ERROR;
  io.stdout(opts.json ? `${JSON.stringify(stateJson(state.objects, opts.version))}\n` : state.objects.map(renderStateObject).join('\n'));
  return EXIT_OK;
}

export function registerState(program: Command, ctx: CliContext): void {
  const state = program.command('state').summary('Show what lvsplan manages on the hosts').description("Read the hosts' state records: what lvsplan manages on each.");
  const common = (cmd: Command) =>
    addVariableOptions(cmd, ctx)
      .option('--parallelism <n>', 'hosts read at once', parseParallelism, DEFAULT_PARALLELISM)
      .option('--no-color', 'disable colour output');
  common(state.command('list').description('List the address of every object lvsplan manages on the hosts of DIR.').argument('[dir]', 'configuration directory', '.')).action(
    (dir: string, opts: { parallelism: number; color?: boolean }) =>
      ctx.run(() => runStateList({ dir, variables: ctx.variables, parallelism: opts.parallelism, color: ctx.color(opts) }, ctx.io)),
  );
  common(
    state
      .command('show')
      .description('Show the recorded attributes of the object at ADDRESS (configuration in the current directory, or -chdir).')
      .argument('<address>', 'e.g. virtual_server.web or \'virtual_server.web.backend["lvs01"]\''),
  ).action((address: string, opts: { parallelism: number; color?: boolean }) =>
    ctx.run(() => runStateShow({ dir: '.', address, variables: ctx.variables, parallelism: opts.parallelism, color: ctx.color(opts) }, ctx.io)),
  );
}
