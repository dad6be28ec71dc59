import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { errorDiag, hasErrors, type Diagnostic } from '../../hcl/diagnostic.js';
import { decodePlanFile } from '../../plan/plan-file.js';
import type { Plan } from '../../plan/types.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { renderJsonPlan } from '../../render/json-plan.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { DEFAULT_PARALLELISM } from '../options.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { runShowState } from './state.js';

export interface ShowOptions {
  file: string;
  json: boolean;
  color: boolean;
}

export async function runShow(opts: ShowOptions, io: CliIO): Promise<number> {
  const plan = readPlanFile(opts.file, (diags) => printDiagnostics(io, diags, new Map(), opts.color));
  if (!plan) return EXIT_ERROR;
  const json = renderJsonPlan(plan);
  io.stdout(opts.json ? `${JSON.stringify(json)}\n` : renderHumanPlan(json, { color: opts.color }));
  return EXIT_OK;
}

/** Reads and decodes a saved plan; its problems go to `report`. */
export function readPlanFile(file: string, report: (diags: readonly Diagnostic[]) => void): Plan | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    report([errorDiag('Failed to read plan file', `Could not read ${file}: ${(e as Error).message}`)]);
    return null;
  }
  const { plan, diagnostics } = decodePlanFile(text);
  report(diagnostics);
  return plan && !hasErrors(diagnostics) ? plan : null;
}

export function registerShow(program: Command, ctx: CliContext): void {
  program
    .command('show')
    .summary('Show the current managed state or a saved plan')
    .description('Print a saved plan FILE; without one, what lvsplan manages on the hosts of the configuration in the current directory.')
    .argument('[file]', 'plan file written by plan -out')
    .option('--json', "print in Terraform's show -json format")
    .option('--no-color', 'disable colour output')
    .action((file: string | undefined, opts: { json?: boolean; color?: boolean }) =>
      ctx.run(() =>
        file === undefined
          ? runShowState({ dir: '.', json: !!opts.json, version: ctx.version, variables: ctx.variables, parallelism: DEFAULT_PARALLELISM, color: ctx.color(opts) }, ctx.io)
          : runShow({ file, json: !!opts.json, color: ctx.color(opts) }, ctx.io),
      ),
    );
}
