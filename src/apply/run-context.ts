import type { ApplyLockSet } from './apply-locks.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { HostSpec } from '../model/hosts.js';
import type { Attrs, ResourceInstance, ResourceType } from '../model/resource.js';
import type { StateRecord } from '../model/state-record.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import type { CommandRunner } from '../transport/command-runner.js';
import type { ApplyEvent } from './events.js';
import type { HeldLock } from './host-lock.js';
import { observedResource, plannedChange, recordedEntry } from './lookup.js';
import type { Clock, CommandBuilders, HostReader } from './ports.js';
import type { ChangeOutcome } from './result.js';

export interface ApplyDeps {
  runners: ReadonlyMap<string, CommandRunner>;
  builders: CommandBuilders;
  reader: HostReader;
  clock: Clock;
  events: (e: ApplyEvent) => void;
  lockTimeoutMs: number;
  /** false: take no apply locks (-lock=false); the operator vouches that nothing else changes the hosts. */
  lock?: boolean;
  drainPollMs: number;
  /** Hosts worked on at once within a phase. */
  parallelism?: number;
  /** A saved plan: re-read every host and refuse the plan when any fingerprint changed. */
  savedPlan?: boolean;
  /**
   * Locks taken before planning (apply -auto-approve), with the reads the plan was made from: the caller
   * releases them. Hosts not in it are locked here.
   */
  locks?: ApplyLockSet;
  /** Written into the lock file: pid, operator host, start time. */
  holder?: string;
  /** Unique per run; names the lock token file. */
  token?: string;
  /**
   * Aborted when the operator interrupts (Ctrl-C, SIGTERM): no new host phase, read or verification
   * starts; what is running finishes and is recorded; the rest is reported as not started.
   */
  interrupt?: AbortSignal;
}

/** Mutable state of one apply run, shared by the phase runners. */
export interface RunContext {
  plan: Plan;
  deps: ApplyDeps;
  hosts: Map<string, HostSpec>;
  records: Map<string, StateRecord>;
  /** Latest read of each host. */
  observed: Map<string, ResourceInstance[]>;
  /** Hosts whose latest read in `observed` was made after every command run on them so far. */
  readSinceChange: Set<string>;
  outcomes: Map<ResourceChange, ChangeOutcome>;
  broken: Map<string, string>;
  diagnostics: Diagnostic[];
  /** The apply locks held on hosts for this run (their holders write the state record when they can). */
  locks: Map<string, HeldLock>;
  /** Hosts where a state record write of this run found the state directory private (checked under the lock). */
  stateDirChecked: Set<string>;
}

export function runnerFor(ctx: RunContext, host: string): CommandRunner {
  const r = ctx.deps.runners.get(host);
  if (!r) throw new Error(`no command runner for host ${host}`);
  return r;
}

/** Attributes of a resource on `host`: as planned, else as last observed, else as recorded. */
export function currentAttrs(ctx: RunContext, host: string, type: ResourceType, id: string): Attrs | null {
  const planned = plannedChange(ctx.plan.changes, host, type, id);
  if (planned) return planned.after ?? planned.before;
  const observed = ctx.observed.get(host);
  const seen = observed && observedResource(observed, type, id);
  if (seen) return seen.attrs;
  const managed = ctx.records.get(host)?.managed;
  return (managed && recordedEntry(managed, type, id)?.attrs) ?? null;
}

/** Attributes of a service on `host` (see currentAttrs). */
export function serviceAttrs(ctx: RunContext, host: string, serviceId: string): Attrs | null {
  return currentAttrs(ctx, host, 'ipvs_service', serviceId);
}

export function settle(ctx: RunContext, outcome: ChangeOutcome): void {
  ctx.outcomes.set(outcome.change, outcome);
  const { change } = outcome;
  if (outcome.status === 'failed') ctx.deps.events({ kind: 'failed', change, message: outcome.message ?? 'failed' });
  if (outcome.status === 'skipped') ctx.deps.events({ kind: 'skipped', change, reason: outcome.message ?? 'skipped' });
}
