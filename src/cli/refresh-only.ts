import { writeStateRecord } from '../apply/state-io.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { acceptDrift } from '../plan/accept-drift.js';
import { vanishedObjects } from '../plan/vanished.js';
import { renderDriftNote } from '../render/human-plan.js';
import { renderJsonPlan } from '../render/json-plan.js';
import type { CliIO } from './io.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK } from './io.js';
import type { MadePlan } from './make-plan.js';

const NOTE =
  'This is a refresh-only plan, so lvsplan will not take any actions to undo these. If you were expecting these changes then you can apply this plan to record the updated values in the state records without changing any remote objects.';

const NO_DRIFT =
  'No changes. Your infrastructure still matches the configuration.\n\nlvsplan has checked that the real remote objects still match the result of your most recent changes, and found no differences.\n';

/**
 * `-refresh-only` (Terraform's): shows the drift, changes nothing on the hosts. With `record`
 * (apply), each host with drift gets its state record rewritten to accept it.
 */
export async function runRefreshOnly(
  made: MadePlan,
  opts: { record: boolean; detailedExitcode: boolean; color: boolean; approve: () => Promise<boolean>; report: (d: Diagnostic[]) => void },
  io: CliIO,
): Promise<number> {
  // Every host read, those that left the configuration too: their drift is shown and recorded like any other.
  const plan = { ...made.plan, changes: [...made.plan.changes, ...vanishedObjects(made.plan, made.records)] };
  const drifted = plan.changes.filter((c) => c.drift);
  if (drifted.length === 0) {
    io.stdout(NO_DRIFT);
    return EXIT_OK;
  }
  io.stdout(`${renderDriftNote(renderJsonPlan(plan), { color: opts.color })}${NOTE}\n`);
  if (!opts.record) return opts.detailedExitcode ? EXIT_CHANGES : EXIT_OK;
  if (!(await opts.approve())) {
    io.stdout('Apply cancelled.\n');
    return EXIT_ERROR;
  }
  const now = new Date().toISOString();
  const failed: Diagnostic[] = [];
  for (const host of new Set(drifted.map((c) => c.host))) {
    const next = acceptDrift(made.records.get(host) ?? null, drifted.filter((c) => c.host === host), now);
    const error = await writeStateRecord(made.runners.map.get(host)!, next);
    if (error) failed.push(errorDiag(`State record not written on ${host}`, `The drift on ${host} is not recorded: ${error}`));
  }
  opts.report(failed);
  io.stdout(failed.length === 0 ? '\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.\n' : '\nApply failed: the drift of some hosts is not recorded.\n');
  return failed.length === 0 ? EXIT_OK : EXIT_ERROR;
}
