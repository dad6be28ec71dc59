import type { Attrs } from '../model/resource.js';
import type { ResourceChange } from '../plan/types.js';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import type { Built, CommandBuilders } from './ports.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import type { HeldLock } from './host-lock.js';
import { stepsOutcome } from './steps-script.js';

export const IPVS_RESTORE_ARGV = ['ipvsadm', '-R'];

export interface BatchPlan {
  lines: string[];
  /** owner[i] is the change that line i belongs to */
  owner: ResourceChange[];
  /** changes whose lines could not be built, with why */
  refused: Map<ResourceChange, string>;
}

/** Service attributes a destination line needs, by service id. */
export type ServiceAttrsLookup = (serviceId: string) => Attrs | null;

/** The -R lines for IPVS changes, in order; -E/-e lines carry full attribute sets (the builders' job). */
export function buildBatch(changes: readonly ResourceChange[], b: CommandBuilders, svcOf: ServiceAttrsLookup): BatchPlan {
  const plan: BatchPlan = { lines: [], owner: [], refused: new Map() };
  for (const c of changes) {
    const built = linesFor(c, b, svcOf);
    if (typeof built === 'string') plan.refused.set(c, built);
    else for (const line of built) {
      plan.lines.push(line);
      plan.owner.push(c);
    }
  }
  return plan;
}

function linesFor(c: ResourceChange, b: CommandBuilders, svcOf: ServiceAttrsLookup): string[] | string {
  const parts: Built<string>[] = [];
  if (c.type === 'ipvs_service') {
    if (c.action === 'create') parts.push(b.serviceAddLine(c.after!));
    else if (c.action === 'update') parts.push(b.serviceEditLine(c.after!));
    else if (c.action === 'replace') parts.push(b.serviceDeleteLine(c.before!), b.serviceAddLine(c.after!));
    else if (c.action === 'delete') parts.push(b.serviceDeleteLine(c.before!));
  } else if (c.type === 'ipvs_destination') {
    const svcId = String((c.after ?? c.before)?.service ?? '');
    const svc = svcOf(svcId);
    if (!svc) return `service ${svcId} of this destination is not known`;
    if (c.action === 'create') parts.push(b.destinationAddLine(svc, c.after!));
    else if (c.action === 'update') parts.push(b.destinationEditLine(svc, c.after!));
    else if (c.action === 'replace') parts.push(b.destinationDeleteLine(svc, c.before!), b.destinationAddLine(svc, c.after!));
    else if (c.action === 'delete') parts.push(b.destinationDeleteLine(svc, c.before!));
  }
  const lines: string[] = [];
  for (const p of parts) {
    if (!p.ok) return `cannot build the ipvsadm command: ${p.error}`;
    lines.push(p.value);
  }
  return lines;
}

/**
 * Runs the batch as one `ipvsadm -R`, through the host's lock holder where it can (no remote command of its
 * own), else as a command of its own; returns an error message per change that stderr blames.
 */
export async function runBatch(runner: CommandRunner, batch: BatchPlan, b: CommandBuilders, lock?: HeldLock): Promise<Map<ResourceChange, string>> {
  if (batch.lines.length === 0) return new Map();
  const through = lock?.requests?.runSteps([IPVS_RESTORE_ARGV], undefined, batchText(batch));
  const r = through ? stepsOutcome(await through, [IPVS_RESTORE_ARGV]).ran[0]! : await runner.run(IPVS_RESTORE_ARGV, { stdin: batchText(batch), timeoutMs: HOST_COMMAND_LIMIT_MS });
  return blameBatch(r, batch, b);
}

export function batchText(batch: BatchPlan): string {
  return `${batch.lines.join('\n')}\n`;
}

/** Which changes of the batch the result of `ipvsadm -R` blames, and why. */
export function blameBatch(r: CommandResult, batch: BatchPlan, b: CommandBuilders): Map<ResourceChange, string> {
  const blamed = new Map<ResourceChange, string>();
  if (r.spawnError || r.exitCode === null) {
    const msg = describeFailure(r);
    for (const c of batch.owner) blamed.set(c, msg);
    return blamed;
  }
  const report = b.parseRestoreErrors(r.stderr, batch.lines, r.exitCode);
  const byMessage = [...report.blame].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  for (const [i, k] of byMessage) {
    const f = report.failures[k]!;
    const c = batch.owner[i];
    if (c && !blamed.has(c)) blamed.set(c, f.line !== null ? `ipvsadm: ${f.message}` : `ipvsadm: ${f.message} (one of several lines)`);
  }
  if (report.abort) {
    for (const i of report.uncertain) {
      const c = batch.owner[i];
      if (c && !blamed.has(c)) blamed.set(c, `ipvsadm stopped: ${report.abort.message}`);
    }
  }
  return blamed;
}
