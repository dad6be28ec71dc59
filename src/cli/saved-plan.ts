import { readFileSync } from 'node:fs';
import { planProblems } from '../apply/check-plan.js';
import { errorDiag, hasErrors, warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { decodePlanFile } from '../plan/plan-file.js';
import { planMacMatches } from '../plan/plan-mac.js';
import type { Plan } from '../plan/types.js';
import { loadPlanKey } from './plan-key.js';

/**
 * Reads a saved plan. A plan file is executable input (it names the connections commands run over),
 * so it is checked as strictly as a configuration, and `apply` runs it only when it carries a valid
 * authentication code under this operator's plan key; `show` prints an unsigned one with a warning.
 */
export function readSavedPlan(file: string, report: (diags: readonly Diagnostic[]) => void, env: NodeJS.ProcessEnv, purpose: 'show' | 'apply'): Plan | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    report([errorDiag('Failed to read plan file', `Could not read ${file}: ${(e as Error).message}`)]);
    return null;
  }
  const decoded = decodePlanFile(text);
  const diagnostics: Diagnostic[] = [...decoded.diagnostics];
  const plan = decoded.plan;
  if (plan && !hasErrors(diagnostics)) {
    const problems = planProblems(plan);
    if (problems.length > 0) diagnostics.push(errorDiag('Invalid plan file', `${file} cannot be run as it is:\n${problems.map((p) => `  - ${p}`).join('\n')}\nlvsplan writes none of these; create a new plan with "lvsplan plan -out=FILE".`));
    else {
      const unsigned = signatureProblem(plan, decoded.mac, env);
      if (unsigned) diagnostics.push(purpose === 'apply' ? errorDiag('Plan file not signed with your plan key', unsigned) : warningDiag('Plan file not signed with your plan key', unsigned));
    }
  }
  report(diagnostics);
  return plan && !hasErrors(diagnostics) ? plan : null;
}

function signatureProblem(plan: Plan, mac: string | null, env: NodeJS.ProcessEnv): string | null {
  const remedy = 'Only plans made with "lvsplan plan -out" under the same plan key (the LVSPLAN_PLAN_KEY environment variable, or ~/.config/lvsplan/plan-key) can be applied; make a new plan.';
  if (mac === null) return `The file carries no authentication code, so nothing shows it is the plan lvsplan wrote. ${remedy}`;
  const key = loadPlanKey(env, false);
  if (!key.ok) return `It cannot be checked: ${key.error}. ${remedy}`;
  if (!planMacMatches(key.key, plan, mac)) return `Its authentication code does not match its content under the key from ${key.source}: it was changed after it was written, or made with another key. ${remedy}`;
  return null;
}
