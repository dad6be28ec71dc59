import type { Plan } from '../../plan/types.js';
import { escapeControl } from '../../render/host-text.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { jsonPlanDocument, renderJsonPlan } from '../../render/json-plan.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { readSavedPlan } from '../saved-plan.js';
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
