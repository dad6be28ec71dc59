import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { encodePlanFile } from '../../plan/plan-file.js';
import { planMac } from '../../plan/plan-mac.js';
import { loadPlanKey } from '../plan-key.js';
import { hasChanges } from '../../plan/summary.js';
import { diagnosticToJson } from '../../render/diagnostics.js';
import { renderHumanPlan } from '../../render/human-plan.js';
import { jsonPlanDocument, renderJsonPlan } from '../../render/json-plan.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { makePlan } from '../make-plan.js';
import { runRefreshOnly } from '../refresh-only.js';
import type { LockFlags, PlanningFlags } from '../options.js';
import { printDiagnostics } from '../print-diagnostics.js';
import { writePrivateFile } from '../write-private-file.js';
import { writeJson } from '../write-json.js';
import type { VariableInput } from '../variable-inputs.js';

export interface PlanOptions extends PlanningFlags, LockFlags {
  dir: string;
  detailedExitcode: boolean;
  json: boolean;
  out?: string;
  destroy: boolean;
  variables: VariableInput[];
  color: boolean;
}

export async function runPlan(opts: PlanOptions, io: CliIO): Promise<number> {
  // With -json, stdout carries one JSON document even on failure: the diagnostics go into it.
  const jsonDiagnostics: Diagnostic[] = [];
  const jsonSources = new Map<string, string>();
  const report = (diags: readonly Diagnostic[], sources: Map<string, string>): void => {
    if (opts.json) {
      jsonDiagnostics.push(...diags);
      for (const [k, v] of sources) jsonSources.set(k, v);
    } else printDiagnostics(io, diags, sources, opts.color, { compactWarnings: opts.compactWarnings });
  };
  const failed = (): number => {
    if (opts.json) io.stdout(`${JSON.stringify({ format_version: '1.0', errored: true, diagnostics: jsonDiagnostics.map((d) => diagnosticToJson(d, jsonSources)) })}\n`);
    return EXIT_ERROR;
  };
  const made = await makePlan(
    {
      dir: opts.dir,
      variables: opts.variables,
      targets: opts.target,
      replace: opts.replace,
      parallelism: opts.parallelism,
      mode: opts.destroy ? 'destroy' : 'apply',
      input: opts.input && !opts.json,
      // The text plan never lists a no-op without drift; -json and a saved plan list every resource.
      omitQuietNoOps: !opts.json && !opts.out && !opts.refreshOnly,
      // plan takes the hosts' apply locks only when asked to wait for them (see "Locking" in the README).
      ...(opts.lock && opts.lockTimeout > 0 ? { readLockTimeoutMs: opts.lockTimeout } : {}),
      report,
    },
    io,
  );
  if (!made) return failed();
  await made.runners.close();
  if (opts.refreshOnly) {
    if (opts.out || opts.json) {
      report([errorDiag('Unsupported with -refresh-only', '-refresh-only shows drift in text only; -out and -json are not supported with it.')], new Map());
      return failed();
    }
    return runRefreshOnly(made, { record: false, detailedExitcode: opts.detailedExitcode, color: opts.color, approve: async () => false, report: (d) => report(d, new Map()) }, io);
  }
  const { plan } = made;
  if (opts.out) {
    const key = loadPlanKey(io.env, true);
    if (!key.ok) {
      report([errorDiag('No plan key', `A saved plan is signed so that apply can tell it was not changed, but ${key.error}.`)], new Map());
      return failed();
    }
    const notWritten = writePrivateFile(opts.out, encodePlanFile(plan, planMac(key.key, plan)));
    if (notWritten !== null) {
      report([errorDiag('Failed to write plan file', `Could not write ${opts.out}: ${notWritten}`)], new Map());
      return failed();
    }
  }
  if (opts.json) {
    const json = jsonPlanDocument(plan);
    await writeJson(io, jsonDiagnostics.length > 0 ? { ...json, diagnostics: jsonDiagnostics.map((d) => diagnosticToJson(d, jsonSources)) } : json);
  } else {
    io.stdout(renderHumanPlan(renderJsonPlan(plan, { noOps: false }), { color: opts.color }));
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
