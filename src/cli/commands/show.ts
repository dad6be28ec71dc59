import { readFileSync } from 'node:fs';
import { hasErrors } from '../../hcl/diagnostic.js';
import { decodePlanFile } from '../../plan/plan-file.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { renderJsonPlan } from '../../render/json-plan.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { printDiagnostics } from '../print-diagnostics.js';

export interface ShowOptions {
  file: string;
  json: boolean;
  color: boolean;
}

export async function runShow(opts: ShowOptions, io: CliIO): Promise<number> {
  const plan = readPlanFile(opts.file, io, opts.color);
  if (!plan) return EXIT_ERROR;
  const json = renderJsonPlan(plan);
  io.stdout(opts.json ? `${JSON.stringify(json)}\n` : renderHumanPlan(json, { color: opts.color }));
  return EXIT_OK;
}

export function readPlanFile(file: string, io: CliIO, color: boolean) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr(`Error: Failed to read plan file\n\nCould not read ${file}: ${(e as Error).message}\n`);
    return null;
  }
  const { plan, diagnostics } = decodePlanFile(text);
  printDiagnostics(io, diagnostics, new Map(), color);
  return plan && !hasErrors(diagnostics) ? plan : null;
}
