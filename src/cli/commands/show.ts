import type { Command } from 'commander';
import type { Plan } from '../../plan/types.js';
import { escapeControl } from '../../render/host-text.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { jsonPlanDocument, renderJsonPlan } from '../../render/json-plan.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { DEFAULT_PARALLELISM } from '../options.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { readSavedPlan } from '../saved-plan.js';
import { runShowState } from './state.js';
import { writeJson } from '../write-json.js';
import { describeConnection } from '../../transport/describe-connection.js';

export interface ShowOptions {
  file: string;
  json: boolean;
  color: boolean;
}

export async function runShow(opts: ShowOptions, io: CliIO): Promise<number> {
  const plan = readSavedPlan(opts.file, (diags) => printDiagnostics(io, diags, new Map(), opts.color), io.env, 'show');
  if (!plan) return EXIT_ERROR;
  if (opts.json) await writeJson(io, jsonPlanDocument(plan));
  else io.stdout(`${connectionsText(plan)}\n${renderHumanPlan(renderJsonPlan(plan), { color: opts.color })}`);
  return EXIT_OK;
}

/** A plan file decides where commands run: show says so before the changes. */
function connectionsText(plan: Plan): string {
  const lines = plan.hosts.map((h) => `  ${h.name} (${h.role}): ${escapeControl(describeConnection(h.connection))}`);
  return `Applying this plan runs commands as these connections' users on:\n${lines.join('\n')}\n`;
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
