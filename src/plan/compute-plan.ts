import { diffDesired, isQuietNoOp } from './diff-desired.js';
import type { PlanInput } from './observed.js';
import { buildContext } from './plan-context.js';
import { pairReplacements } from './pair-replacements.js';
import { planRemovals } from './removals.js';
import { requestReplacements } from './replace-requested.js';
import { diffDesiredSysctl, managedSysctlNames, restoreSysctls } from './sysctl-changes.js';
import { selectTargets } from './target.js';
import { targetDiagnostics } from './target-diagnostics.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { Plan, ResourceChange, UnmanagedObject } from './types.js';

/**
 * Desired state against observed state, per host, keyed by (host, type, id). Pure and linear in the
 * number of resources. Changes come out sorted by phase, then address, then host.
 */
export function computePlan(input: PlanInput): Plan {
  return computePlanWithDiagnostics(input).plan;
}

/** computePlan, plus what the user must hear about it: -target problems and Terraform's targeting warning. */
export function computePlanWithDiagnostics(input: PlanInput): { plan: Plan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ctx = buildContext(input);
  let changes: ResourceChange[] = [];
  const unmanaged: UnmanagedObject[] = [];

  const omitQuiet = input.omitQuietNoOps === true && (input.targets ?? []).length === 0 && (input.replace ?? []).length === 0;
  for (let i = 0; i < ctx.desired.length; i++) {
    const e = ctx.desired[i]!;
    const d = e.named!;
    if (d.type === 'sysctl') changes.push(diffDesiredSysctl(ctx, d));
    else if (!omitQuiet || !isQuietNoOp(d, e)) changes.push(diffDesired(ctx, d, e));
  }

  for (const [i, oh] of input.observed.entries()) {
    const removed = planRemovals(ctx, oh.host, oh.resources, ctx.observedEntries[i]!);
    for (const c of removed.changes) changes.push(c);
    for (const u of removed.unmanaged) unmanaged.push(u);
    const recordSysctls = (oh.stateRecord?.managed ?? []).filter((m) => m.type === 'sysctl').map((m) => m.id);
    for (const c of restoreSysctls(ctx, oh.host, managedSysctlNames(ctx, oh.host, recordSysctls))) changes.push(c);
  }

  if (input.mode === 'apply') pairReplacements(changes);
  if (input.mode === 'apply' && input.replace && input.replace.length > 0) requestReplacements(changes, input.replace);
  if (input.targets && input.targets.length > 0) {
    const selected = selectTargets(ctx, changes, input.hosts, input.targets);
    changes = selected.changes;
    diagnostics.push(...targetDiagnostics(selected.unmatched));
  }
  changes.sort(compareChanges);
  unmanaged.sort((a, b) => cmp(a.host, b.host) || cmp(a.type, b.type) || cmp(a.id, b.id));

  const plan: Plan = {
    formatVersion: '1.0',
    mode: input.mode,
    changes,
    unmanaged,
    hosts: input.hosts,
    // Read from the observed host when asked for (it hashes its resources then): the text plan never asks.
    fingerprints: input.observed.map((o) => ({
      host: o.host,
      get fingerprint() {
        return o.fingerprint;
      },
    })),
    createdAt: input.createdAt ?? new Date().toISOString(),
  };
  return { plan, diagnostics };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareChanges(a: ResourceChange, b: ResourceChange): number {
  return a.phase - b.phase || cmp(a.address, b.address) || cmp(a.host, b.host) || cmp(a.id, b.id);
}
