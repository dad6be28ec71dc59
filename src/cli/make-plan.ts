import { nextTurn } from '../apply/next-turn.js';
import { takeReadLocks, type ReadLocks } from '../apply/read-locks.js';
import { holdReleasedWarning, lockBusyError, takeApplyLocks, type ApplyLockSet } from '../apply/apply-locks.js';
import type { ApplyEvent } from '../apply/events.js';
import { systemClock } from '../apply/ports.js';
import { providerHostReader } from '../apply/provider-ports.js';
import { firstSysctlNames, refreshHosts } from '../apply/refresh.js';
import type { HostSpec } from '../model/hosts.js';
import { readKnownHosts } from '../config/known-hosts.js';
import { removedHosts, unreadRemoved } from '../config/removed-hosts.js';
import { errorDiag, hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { suggest } from '../hcl/suggest.js';
import { runChecks } from '../apply/health-checks.js';
import { planWithHealth } from '../plan/plan-with-health.js';
import { newBackendRechecks, type NewBackendRecheck } from '../plan/raise-new-backends.js';
import type { Plan } from '../plan/types.js';
import type { StateRecord } from '../model/state-record.js';
import { commandLog } from './command-log.js';
import { HostRunners } from './host-runners.js';
import type { CliIO } from './io.js';
import { loadConfigAsking } from './load-config.js';
import type { VariableInput } from './variable-inputs.js';

export interface MakePlanOptions {
  dir: string;
  variables: readonly VariableInput[];
  targets: string[];
  /** -replace addresses (apply mode only). */
  replace?: string[];
  parallelism: number;
  mode: 'apply' | 'destroy';
  /** Ask on the terminal for required variables without a value. */
  input: boolean;
  /** plan -lock-timeout: hold every host's apply lock while reading, waiting this long for an apply that holds one. */
  readLockTimeoutMs?: number;
  /**
   * apply -auto-approve: take every host's apply lock before reading it, as Terraform locks its state before
   * refreshing. The holders' reads are the plan's, and apply runs under the same locks without reading again.
   */
  lockFirst?: { lockTimeoutMs: number; events: (e: ApplyEvent) => void };
  /** Leave out of the plan the no-op changes without drift (a text plan, which never lists them). */
  omitQuietNoOps?: boolean;
  /** Called with each batch of diagnostics as planning goes (configuration first, then the hosts). */
  report: (diags: readonly Diagnostic[], sources: Map<string, string>) => void;
}

export interface MadePlan {
  plan: Plan;
  /** The connections the hosts were read over, still open so apply reuses them; the caller closes them. */
  runners: HostRunners;
  /** Each host's state record as read, for -refresh-only. */
  records: Map<string, StateRecord | null>;
  /** With lockFirst: the locks, held until the caller releases them, and the reads the plan was made from. */
  locks?: ApplyLockSet;
  /** New backends health holds at weight 0: apply checks them again afterwards and raises those that pass. */
  rechecks: NewBackendRecheck[];
}

/**
 * Config -> desired state; every host read in parallel -> observed; the pure planner -> Plan.
 * Reports diagnostics as it goes; returns null when planning cannot go on.
 */
export async function makePlan(opts: MakePlanOptions, io: CliIO): Promise<MadePlan | null> {
  if (opts.mode === 'destroy' && (opts.replace ?? []).length > 0) {
    opts.report([errorDiag('Invalid -replace with destroy', 'A destroy removes everything; -replace does not apply to it.')], new Map());
    return null;
  }
  // Only what planning needs is kept: the declarations behind the desired state can be collected while the hosts are read.
  const { desired, diagnostics: configDiags, sources } = await loadConfigAsking(opts.dir, opts.variables, io, opts.input);
  opts.report(configDiags, sources);
  if (!desired || hasErrors(configDiags)) return null;
  const known = readKnownHosts(opts.dir);
  const removed = removedHosts(desired.hosts, known.hosts, known.diagnostics);
  opts.report(known.diagnostics, sources);
  if (hasErrors(known.diagnostics)) return null;
  const hosts = [...desired.hosts, ...removed];

  const runners = new HostRunners(hosts, commandLog(io));
  let locks: ApplyLockSet | undefined;
  const giveUp = async (): Promise<null> => {
    await locks?.release();
    await runners.close();
    return null;
  };
  let readLocks: ReadLocks | null = null;
  if (opts.readLockTimeoutMs !== undefined) {
    const lockDiags: Diagnostic[] = [];
    readLocks = await takeReadLocks(runners.map, opts.readLockTimeoutMs, opts.parallelism, lockDiags);
    opts.report(lockDiags, sources);
    if (!readLocks) return giveUp();
  }
  if (opts.lockFirst) {
    const firstNames = (h: HostSpec) => firstSysctlNames(h.name, desired.resources);
    locks = await takeApplyLocks(hosts, { runners: runners.map, reader: providerHostReader({ sysctlNames: firstNames }), clock: systemClock, events: opts.lockFirst.events, lockTimeoutMs: opts.lockFirst.lockTimeoutMs, parallelism: opts.parallelism });
    opts.report(locks.holdReleased.map(holdReleasedWarning), sources);
    // A host that could not be locked for another reason is read below without the lock (its read says what is wrong); apply tries its lock again.
    if (locks.busy) {
      opts.report(locks.failures.filter((f) => f.busy).map(lockBusyError), sources);
      return giveUp();
    }
  }
  let refreshed;
  try {
    const reads = locks?.takeReads();
    refreshed = await refreshHosts({ hosts, desired: desired.resources, runners: runners.map, parallelism: opts.parallelism, ...(reads ? { reads } : {}) });
  } catch (err) {
    await readLocks?.release();
    await giveUp();
    throw err;
  }
  await readLocks?.release();
  opts.report([...refreshed.diagnostics, ...unreadRemoved(removed, refreshed.hosts, known.file)], sources);
  if (hasErrors(refreshed.diagnostics)) return giveUp();
  for (const h of refreshed.hosts) locks?.setPlanned(h.observed.host, h.observed);

  // The hosts' reads were parsed in turns of their own; so is the plan (the apply locks' renewals run between).
  await nextTurn();
  const checks = opts.mode === 'apply' ? desired.health.checks : [];
  const checked = checks.length > 0 ? await runChecks(checks, desired.hosts, runners.map, opts.parallelism) : null;
  const planned = planWithHealth(
    {
      desired: desired.resources,
      hosts,
      observed: refreshed.hosts.map((h) => h.observed),
      drainTimeouts: desired.drainTimeouts,
      mode: opts.mode,
      targets: opts.targets,
      replace: opts.replace ?? [],
      omitQuietNoOps: opts.omitQuietNoOps ?? false,
    },
    desired.health,
    checked?.results ?? new Map(),
  );
  const diagnostics = [...(checked?.diagnostics ?? []), ...planned.diagnostics];
  const plan = planned.plan;
  const unmatched = (opts.replace ?? []).filter((a) => !plan.changes.some((c) => c.address === a && c.reason === 'replace_by_request' && c.action === 'replace'));
  // The addresses to suggest from are listed only when a -replace address matched nothing.
  const candidates = unmatched.length === 0 ? [] : plan.changes.filter((c) => c.type === 'ipvs_service' || c.type === 'ipvs_destination').map((c) => c.address);
  diagnostics.push(...unmatched.map((a) => errorDiag('Invalid -replace address', `No existing service or destination has the address ${a}.${suggest(a, candidates)} -replace takes the exact address of a virtual_server or one of its backends that exists on the hosts.`)));
  opts.report(diagnostics, sources);
  if (hasErrors(diagnostics)) return giveUp();
  plan.knownHosts = { file: known.file, configured: desired.hosts.map((h) => h.name), targeted: opts.targets.length > 0 };
  const names = new Map(refreshed.hosts.map((h) => [h.observed.host, h.sysctlNames]));
  for (const f of plan.fingerprints) f.sysctlNames = names.get(f.host) ?? [];
  if (opts.mode === 'apply' && desired.health.probes.length > 0) plan.probes = desired.health.probes;
  const rechecks = newBackendRechecks(plan, desired.resources, checks);
  return { plan, runners, records: new Map(refreshed.hosts.map((h) => [h.observed.host, h.observed.stateRecord])), rechecks, ...(locks ? { locks } : {}) };
}
