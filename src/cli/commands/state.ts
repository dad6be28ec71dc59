import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { suggest } from '../../hcl/suggest.js';
import { renderStateObject, stateJson } from '../../render/state-text.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { readManagedState, type ManagedState } from '../managed-state.js';
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
