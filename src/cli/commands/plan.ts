import { writeFileSync } from 'node:fs';
import { encodePlanFile } from '../../plan/plan-file.js';
import { hasChanges } from '../../plan/summary.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { renderJsonPlan } from '../../render/json-plan.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { makePlan } from '../make-plan.js';
import type { VariableInput } from '../variable-inputs.js';

export interface PlanOptions {
  dir: string;
  detailedExitcode: boolean;
  json: boolean;
  out?: string;
  destroy: boolean;
  variables: VariableInput[];
  target: string[];
  parallelism: number;
  color: boolean;
}

export async function runPlan(opts: PlanOptions, io: CliIO): Promise<number> {
  const made = await makePlan(
    { dir: opts.dir, variables: opts.variables, targets: opts.target, parallelism: opts.parallelism, mode: opts.destroy ? 'destroy' : 'apply', color: opts.color },
    io,
  );
  if (!made) return EXIT_ERROR;
  await made.runners.close();
  const { plan } = made;
  if (opts.out) {
    try {
      writeFileSync(opts.out, encodePlanFile(plan), { mode: 0o600 });
    } catch (e) {
      io.stderr(`Error: Failed to write plan file\n\nCould not write ${opts.out}: ${(e as Error).message}\n`);
      return EXIT_ERROR;
    }
  }
  const json = renderJsonPlan(plan);
  if (opts.json) io.stdout(`${JSON.stringify(json)}\n`);
  else {
    io.stdout(renderHumanPlan(json, { color: opts.color }));
    io.stdout(savedPlanNote(opts.out, hasChanges(plan)));
  }
  return opts.detailedExitcode && hasChanges(plan) ? EXIT_CHANGES : EXIT_OK;
}

function savedPlanNote(out: string | undefined, changes: boolean): string {
  if (!changes) return '';
  const rule = '\n─────────────────────────────────────────────────────────────────────────────\n\n';
  if (out) return `${rule}Saved the plan to: ${out}\n\nTo perform exactly these actions, run the following command to apply:\n    lvsplan apply "${out}"\n`;
  return `${rule}Note: You didn't use the -out option to save this plan, so lvsplan can't guarantee to take exactly these actions if you run "lvsplan apply" now.\n`;
}
