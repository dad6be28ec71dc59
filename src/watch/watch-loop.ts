import { hostname } from 'node:os';
import { executePlan } from '../apply/execute-plan.js';
import { runChecks } from '../apply/health-checks.js';
import { ScheduledChecks, type ScheduleEvents } from '../apply/scheduled-checks.js';
import { planQuickEdits, QuickEditor, type QuickEdit } from '../apply/quick-edit.js';
import { LOCK_AHEAD_HOLD_SECONDS } from '../apply/quick-edit-script.js';
import { providerBuilders, providerHostReader } from '../apply/provider-ports.js';
import { systemClock } from '../apply/ports.js';
import { refreshHosts, type RefreshResult } from '../apply/refresh.js';
import type { DesiredState } from '../config/desired-state.js';
import { hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { formatHclRange } from '../hcl/range-text.js';
import { checkKey, type BackendCheck, type CheckResult } from '../model/health.js';
import { planWithHealth } from '../plan/plan-with-health.js';
import type { ResourceChange } from '../plan/types.js';
import type { Attrs } from '../model/resource.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { DEADLINE_GRACE_MS } from '../../providers/health/check-script.js';
import type { ArmedEditOutcome } from '../../providers/health/parse-results.js';
import { locksAhead, ShortOfTurning } from './ahead.js';
import { observe, verdictKey, verdictsIf, verdictsOf, type CheckState } from './hysteresis.js';
import type { WatchMetrics } from './metrics.js';
import { readAfterEdits } from './read-after-edits.js';
import { splitPlan } from './split-plan.js';
import { describeArmedEdit, describeQuickEdit, describeRound } from './timing-log.js';
import type { WatchEvent } from './watch-log.js';

export interface WatchConfig {
  desired: DesiredState;
  runners: ReadonlyMap<string, CommandRunner>;
}

export interface WatchDeps {
  /** Loads the configuration (again on SIGHUP); null with the diagnostics when it has errors. */
  load: () => Promise<{ config: WatchConfig | null; diagnostics: Diagnostic[] }>;
  /** Releases a configuration's connections. */
  release: (c: WatchConfig) => Promise<void>;
  emit: (e: WatchEvent) => void;
  metrics: WatchMetrics;
  repairDrift: boolean;
  parallelism: number;
  lockTimeoutMs: number;
  /** How often hosts are re-read for drift when no backend changed state. */
  driftIntervalMs: number;
  /** LVSPLAN_LOG's debug lines (each check round's and quick edit's timing), by host; unset when it is off. */
  debug?: (host: string, text: string) => void;
  /** Where the directors' apply lock and IPVS table are for the quick edits: /run's and the kernel's unless a test's fake director says. */
  editorPaths?: { lockPath: string; procTable: string };
}

/** The control surface signals act on. */
export interface WatchControl {
  stop(): void;
  reload(): void;
  /** Resolves when the loop has ended: no apply running, connections closed. */
  done: Promise<number>;
}

/**
 * `lvsplan watch`: checks each backend on its own interval with rise/fall hysteresis, and when a
 * verdict changes (or every driftIntervalMs) runs the same read -> plan -> apply as `apply`, applying
 * the health changes (and with repairDrift every change). A stop request lets a running apply finish;
 * apply takes each host's lock only for the moment of its change.
 */
export function startWatch(deps: WatchDeps, first: WatchConfig): WatchControl {
  let stopping = false;
  let reloading = false;
  let wake: (() => void) | null = null;
  // One editor per director for the whole watch: a weight change planned from the last read is made under
  // the lock with a compare-and-swap, without reading the director first.
  const editor = new QuickEditor(`lvsplan watch, pid ${process.pid} on ${hostname()}, started ${new Date().toISOString()}`, providerBuilders, deps.editorPaths?.lockPath, deps.editorPaths?.procTable);
  // Directors whose apply lock the editor took ahead of a quick edit being planned there (or about to be).
  const lockedAhead = new Set<string>();
  // The plan made ahead, from the last read, for the verdicts one result away (see prepareAhead); used once.
  let prepared: { cfg: WatchConfig; read: RefreshResult; key: string; plan: HealthPlan } | null = null;
  // The quiesces planned after the last read (see planDownAhead), by check key, with the other backends' verdicts then.
  let downAhead: { cfg: WatchConfig; read: RefreshResult; plans: Map<string, { others: string; plan: HealthPlan }> } | null = null;
  // When each director's lock was last asked for ahead (a check armed with an edit must act within the editor's hold of it).
  const lockAskedAt = new Map<string, number>();
  // Checks armed with their quick edit for their next round (see armShort), by check key: the edit, and what came of it.
  const armed = new Map<string, { edit: QuickEdit; outcome?: ArmedEditOutcome }>();
  // Each director's arm from when it is sent until it can make no edit (see ScheduledChecks.arm): its lock is not let go (nor edited) meanwhile.
  const armedRounds = new Map<string, Promise<void>>();
  // The round of each director check's last result (what an arm for its next round names).
  const resultRound = new Map<string, number>();
  // The quick edit an armed check made, by director (its pairs), for the reconcile of its verdict, which then makes none.
  const madeByCheck = new Map<string, string>();
  // A reconcile is reading the hosts and has planned nothing yet: checks may be armed from the last read meanwhile.
  let reading = false;
  // The weight updates applied (quick edits, armed checks' edits), numbered; and the number each read began after.
  let editSeq = 0;
  const madeEdits: { seq: number; change: ResourceChange }[] = [];
  const readBegan = new WeakMap<RefreshResult, number>();
  const noteEdits = (changes: readonly ResourceChange[]): void => {
    for (const change of changes) madeEdits.push({ seq: ++editSeq, change });
  };
  const poke = (): void => { wake?.(); };
  const done = loop();
  return {
    stop: () => { stopping = true; poke(); },
    reload: () => { reloading = true; poke(); },
    done,
  };

  async function loop(): Promise<number> {
    let cfg = first;
    const states = new Map<string, CheckState>();
    const due = new Map<string, number>();
    let lastReconcile = 0;
    // The hosts as the last full read saw them; a verdict change plans from it (apply reads the hosts it
    // changes again under their locks and refuses if they moved), so quiescing costs no extra read.
    let cache: RefreshResult | null = null;
    // The last read with the weight updates made since it began laid over (see readAfterEdits): what plans start from.
    let view: { read: RefreshResult; seq: number; hosts: RefreshResult } | null = null;
    const lastRead = (): RefreshResult | null => {
      if (!cache) return null;
      if (view?.read !== cache || view.seq !== editSeq) {
        const began = readBegan.get(cache) ?? 0;
        while (madeEdits.length > 0 && madeEdits[0]!.seq <= began) madeEdits.shift();
        view = { read: cache, seq: editSeq, hosts: readAfterEdits(cache, madeEdits.map((e) => e.change)) };
      }
      return view.hosts;
    };
    let lastDrift = '';
    let lastWarnings = '';
    // The reconcile in progress, if any: checks keep their cadence while it runs; a verdict change meanwhile
    // is pending and starts the next reconcile as soon as this one ends.
    let running: Promise<void> | null = null;
    let pending = false;
    /** Resolves true when its read found an armed check's edit made meanwhile, left to the reconcile of that verdict. */
    const reconcileNow = async (driftDue: boolean): Promise<boolean> => {
      const fromCache = driftDue || deps.repairDrift ? null : lastRead();
      let seen = await reconcile(cfg, states, lastDrift, lastWarnings, fromCache);
      // A lock taken one result ahead is kept for its backend's next result.
      await releaseAhead(cfg, shortOf.hosts());
      let read = !fromCache;
      // After a quick edit, the usual read -> plan -> apply at once: it confirms the weights and makes what the edit did not.
      if (seen.quick && !stopping) {
        seen = await reconcile(cfg, states, seen.drift, seen.warnings, null);
        read = true;
      }
      lastDrift = seen.drift;
      lastWarnings = seen.warnings;
      cache = seen.cache;
      if (read) {
        lastReconcile = Date.now();
        if (!deps.repairDrift) prepareEditors(cfg);
      }
      // Planned from what the hosts were and refused (they moved): read them again at once.
      else if (!seen.ok) lastReconcile = 0;
      return seen.deferred === true;
    };
    // Each director's backends one result short of a transition.
    const shortOf = new ShortOfTurning();
    // A quick edit can follow a verdict change: the reconcile will plan from the last read.
    const quickNext = (): boolean => cache !== null && !deps.repairDrift && Date.now() - lastReconcile < deps.driftIntervalMs;
    // An edit can be prepared (and a check armed) from the last read when the next reconcile will plan from it, or while
    // a reconcile only reads the hosts (an armed check's edit made meanwhile is then left to the reconcile that follows).
    const armable = (): boolean => !stopping && (running ? reading && cache !== null && !deps.repairDrift : quickNext());
    const startReconcile = (): void => {
      if (running || stopping) return;
      const driftDue = Date.now() - lastReconcile >= deps.driftIntervalMs;
      if (!pending && !driftDue) return;
      pending = false;
      let deferred = false;
      running = reconcileNow(driftDue).then((d) => { deferred = d; }, (e: unknown) => {
        deps.metrics.reconcileErrors++;
        deps.emit({ type: 'error', level: 'error', message: `reconcile failed: ${e instanceof Error ? e.message : String(e)}` });
      }).finally(() => {
        running = null;
        if (!deferred) madeByCheck.clear();
        // Backends one result short while it ran (or whose plan it made stale by a new read) are prepared for again.
        if (!pending) prepareAhead(cfg.desired.health.checks.filter((c) => shortOf.has(checkKey(c))));
        if (!pending && cache && downAhead?.read !== lastRead()) planDownAhead();
        poke();
      });
    };
    const verdictChanged = (host: string): void => {
      pending = true;
      if (running) return deps.debug?.('watch', 'a verdict changed while a reconcile runs: the next reconcile starts when it ends');
      // Its lock taken at the result before: the edit goes at once.
      if (lockedAhead.has(host)) return startReconcile();
      // The reconcile plans from the last read: a weight change it plans is a quick edit, whose lock is taken meanwhile.
      // That plan runs without yielding: the lock request leaves first.
      if (quickNext()) lockAhead(cfg, host);
      setImmediate(startReconcile);
    };
    /**
     * Backends one result short of a transition: the lock and the plan of the quick edit that would follow are made
     * now, so that at the verdict only the edit is left. The lock only when the verdict is due within the editor's
     * hold of a lock taken ahead (else it would be let go before); both are dropped if the backend's next result differs.
     */
    const prepareAhead = (short: readonly BackendCheck[]): void => {
      if (short.length === 0 || !armable()) return;
      for (const c of short) if (locksAhead(c.spec, LOCK_AHEAD_HOLD_SECONDS * 1000)) lockAhead(cfg, c.host);
      // A quiesce may be armed in the next round: its ipvsadm -R starts now, not with the round.
      for (const c of short) if (c.spec.from !== 'local' && states.get(checkKey(c))?.healthy) scheduled.prestartEdit(c.host);
      // Its edit planned after the last read: it is armed at once.
      for (const c of short) {
        const early = downAhead?.cfg === cfg && downAhead.read === lastRead() ? downAhead.plans.get(checkKey(c)) : undefined;
        if (early && early.others === healthWithout(checkKey(c))) armShort(early.plan, 'planned after the last read');
      }
      // After the lock requests have left: the plan runs without yielding.
      setImmediate(() => {
        const read = lastRead();
        if (!armable() || !read) return;
        const started = performance.now();
        const verdicts = verdictsIf(states, shortOf.keys());
        prepared = { cfg, read, key: verdictKey(verdicts), plan: planHealth(cfg, read, verdicts) };
        for (const c of short) deps.debug?.(c.host, `${c.address} is one result short of ${states.get(checkKey(c))?.healthy ? 'down' : 'up'}: ${lockedAhead.has(c.host) ? 'lock taken ahead, ' : ''}plan made ahead in ${Math.round(performance.now() - started)} ms`);
        armShort(prepared.plan, 'planned now');
      });
    };
    // The other backends' verdicts (healthy or not) when `key` turns: what a plan of its quiesce made earlier depends on.
    const healthWithout = (key: string): string => [...states].filter(([k]) => k !== key).map(([k, st]) => `${k}\t${st.healthy}`).sort().join('\n');
    /**
     * After each read, the quiesce of each healthy director backend (the first DOWN_PLANS_AHEAD of them) is planned ahead,
     * one plan per turn of the event loop, so that the first failure of one arms its check at once (see armShort), before
     * the plan of its verdict is made; each is used only with the same read and the same verdicts of the others.
     */
    const planDownAhead = (): void => {
      const read = lastRead();
      if (deps.repairDrift || !read) return;
      const plans = new Map<string, { others: string; plan: HealthPlan }>();
      downAhead = { cfg, read, plans };
      const todo = cfg.desired.health.checks.filter((c) => c.spec.from !== 'local' && states.get(checkKey(c))?.healthy).slice(0, DOWN_PLANS_AHEAD);
      let cpuMs = 0;
      const step = (i: number): void => {
        const c = todo[i];
        if (downAhead?.plans !== plans || lastRead() !== read || running || stopping) return;
        if (!c) return void deps.debug?.('watch', `the quiesce of ${plans.size} backend(s) planned ahead after the read in ${Math.round(cpuMs)} ms`);
        const k = checkKey(c);
        const started = performance.now();
        plans.set(k, { others: healthWithout(k), plan: planHealth(cfg, read, verdictsIf(states, [k])) });
        cpuMs += performance.now() - started;
        setImmediate(() => step(i + 1));
      };
      setImmediate(() => step(0));
    };
    const onResult = (c: BackendCheck, result: CheckResult, round?: number): void => {
      const k = checkKey(c);
      if (round !== undefined) resultRound.set(k, round);
      const { state, transition } = observe(states.get(k), result, c.spec.rise, c.spec.fall);
      states.set(k, state);
      const series = deps.metrics.backends.get(k);
      deps.metrics.backends.set(k, { director: c.host, service: c.serviceId, backend: c.address, up: state.healthy ? 1 : 0, weight: series?.weight ?? null, checkSeconds: result.latencyMs / 1000 });
      const step = shortOf.step(c.host, k, state, c.spec, transition);
      const armedEdit = armed.get(k);
      armed.delete(k);
      if (transition)
        deps.emit({
          type: transition === 'up' ? 'backend_up' : 'backend_down',
          level: transition === 'up' ? 'info' : 'warn',
          message: `${c.address} on ${c.host} is ${transition === 'up' ? 'healthy' : 'unhealthy'}: ${result.reason}`,
          backend: c.address, director: c.host, reason: result.reason, latency_ms: result.latencyMs,
        });
      if (armedEdit?.outcome) recordArmedEdit(cfg, armedEdit.edit, armedEdit.outcome, result);
      if (transition) verdictChanged(c.host);
      else if (step === 'prepare') prepareAhead([c]);
      // It did not turn after all: a lock taken ahead for it is let go (unless a reconcile is coming, which lets go itself).
      else if (step === 'drop' && !pending && !running) releaseAheadOn(cfg, c.host);
    };
    /**
     * A director check one failing result short of down, alone so on every director, whose quick edit is planned ahead
     * (its lock taken ahead, its plan made) and is that director's only edit, is armed with it for its next round: the
     * check process makes the edit as soon as the result fails, instead of lvsplan after the result has come here
     * (see CheckArm). Only within the editor's hold of the lock, with a second to spare for the arm to arrive there.
     */
    const armShort = (plan: HealthPlan, planned: string): void => {
      if (!armable()) return;
      const short = shortOf.keys();
      const c = short.length === 1 ? cfg.desired.health.checks.find((x) => checkKey(x) === short[0]) : undefined;
      const quick = plan.quick;
      if (!c || armed.has(short[0]!) || c.spec.from === 'local' || !lockedAhead.has(c.host) || !states.get(short[0]!)?.healthy || !quick?.ok || quick.edits.length !== 1 || quick.edits[0]!.host !== c.host) return;
      const after = resultRound.get(short[0]!);
      const validMs = LOCK_AHEAD_HOLD_SECONDS * 1000 - (Date.now() - (lockAskedAt.get(c.host) ?? 0)) - ARM_MARGIN_MS;
      if (after === undefined || validMs < c.spec.intervalMs + c.spec.timeoutMs + DEADLINE_GRACE_MS) return;
      const edit = quick.edits[0]!;
      const over = scheduled.arm(c.host, { index: directorChecks(cfg, c.host).indexOf(c), after, validMs, read: edit.read, pairs: edit.pairs, ...editor.lockOwner() });
      if (!over) return;
      armed.set(short[0]!, { edit });
      armedRounds.set(c.host, over);
      void over.then(() => { if (armedRounds.get(c.host) === over) armedRounds.delete(c.host); });
      deps.debug?.(c.host, `${c.address} is armed with its quick edit (${planned}) for its round after round ${after} (valid ${Math.round(validMs)} ms): the check process makes it if the result fails`);
    };
    // One check process per director, sent its checks once: it runs their rounds on its own clock (see ScheduledChecks).
    const directorEvents: ScheduleEvents = {
      onResult,
      onEdited: (c, outcome) => {
        const a = armed.get(checkKey(c));
        if (a) a.outcome = outcome;
      },
      onRound: (host, checks, results, timing) => deps.debug?.(host, describeRound(checks, results, timing)),
      onError: (d) => {
        deps.metrics.checkErrors++;
        deps.emit({ type: 'error', level: 'error', message: diagnosticText(d) });
      },
    };
    let scheduled = new ScheduledChecks(directorEvents);
    const startSchedules = (): void => {
      for (const host of cfg.desired.hosts) {
        const runner = cfg.runners.get(host.name);
        if (runner) scheduled.start(host, runner, directorChecks(cfg, host.name));
      }
    };
    startSchedules();
    // Editors start with the watch, so the first quick edit (often within seconds of the start) pays no process start.
    if (!deps.repairDrift) prepareEditors(cfg);
    deps.emit({ type: 'watch_start', level: 'info', message: `watching ${cfg.desired.health.checks.length} backend check(s) on ${cfg.desired.hosts.filter((h) => h.role === 'director').length} director(s)${deps.repairDrift ? ', repairing drift' : ''}`, checks: cfg.desired.health.checks.length });
    try {
      while (!stopping) {
        if (reloading) {
          reloading = false;
          await running;
          const next = await deps.load();
          if (next.config) {
            await Promise.all([scheduled.close(), editor.close()]);
            await deps.release(cfg);
            cfg = next.config;
            const keys = new Set(cfg.desired.health.checks.map(checkKey));
            for (const k of [...states.keys()]) if (!keys.has(k)) { states.delete(k); deps.metrics.backends.delete(k); }
            due.clear();
            shortOf.clear();
            resultRound.clear();
            lastReconcile = 0;
            cache = null;
            scheduled = new ScheduledChecks(directorEvents);
            startSchedules();
            if (!deps.repairDrift) prepareEditors(cfg);
            deps.emit({ type: 'reload', level: 'info', message: `configuration reloaded: ${cfg.desired.health.checks.length} backend check(s)` });
          } else {
            deps.emit({ type: 'reload_failed', level: 'error', message: `configuration not reloaded, keeping the previous one: ${firstError(next.diagnostics)}` });
          }
        }
        // The checks from = "local" run here, each on its interval (the directors' run there on their own).
        const now = Date.now();
        const checks = cfg.desired.health.checks.filter((c) => c.spec.from === 'local' && (due.get(checkKey(c)) ?? 0) <= now);
        if (checks.length > 0) {
          for (const c of checks) due.set(checkKey(c), now + c.spec.intervalMs);
          // Each result is acted on as it comes (a verdict change starts its reconcile at once), not at the round's end.
          await localRound(cfg, checks, onResult);
        }
        if (stopping) break;
        startReconcile();
        // While a reconcile runs, its end wakes the loop (a pending verdict change, the drift clock restarting).
        const nextDue = Math.min(running ? Infinity : lastReconcile + deps.driftIntervalMs, ...due.values());
        await sleep(Math.min(Math.max(0, nextDue - Date.now()), deps.driftIntervalMs));
      }
    } finally {
      // A change in progress finishes (never a half-applied batch) before the processes and connections close; the
      // check processes before the editors, which hold the locks an armed check edits under.
      await running;
      await scheduled.close();
      await editor.close();
      await deps.release(cfg);
      deps.emit({ type: 'watch_stop', level: 'info', message: 'stopped: no change in progress, locks released' });
    }
    return 0;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { wake = null; resolve(); }, ms);
      wake = () => { clearTimeout(t); wake = null; resolve(); };
    });
  }

  /** One round of the checks from = "local", each result given to onResult as it comes. */
  async function localRound(cfg: WatchConfig, checks: BackendCheck[], onResult: (c: BackendCheck, r: CheckResult) => void): Promise<void> {
    const r = await runChecks(checks, cfg.desired.hosts, cfg.runners, deps.parallelism, onResult);
    for (const d of r.diagnostics) {
      deps.metrics.checkErrors++;
      deps.emit({ type: 'error', level: 'error', message: diagnosticText(d) });
    }
  }

  /**
   * The plan from a read and verdicts, with the quick edits that make it when it changes weights only (each under the
   * lock, compare-and-swap against the line the read saw). Pure but for its cost: prepareAhead makes it ahead of the verdict.
   */
  function planHealth(cfg: WatchConfig, refreshed: RefreshResult, verdicts: ReadonlyMap<string, CheckResult>): HealthPlan {
    const desired = cfg.desired;
    const planned = planWithHealth(
      { desired: desired.resources, hosts: desired.hosts, observed: refreshed.hosts.map((h) => h.observed), drainTimeouts: desired.drainTimeouts, mode: 'apply' },
      desired.health,
      verdicts,
    );
    const names = new Map(refreshed.hosts.map((h) => [h.observed.host, h.sysctlNames]));
    for (const f of planned.plan.fingerprints) f.sysctlNames = names.get(f.host) ?? [];
    const split = hasErrors(planned.diagnostics) ? null : splitPlan(planned.plan, deps.repairDrift);
    const quick = split && split.apply.changes.length > 0 ? planQuickEdits(split.apply.changes, providerBuilders, serviceLookup(refreshed), destinationCount(refreshed)) : null;
    return { planned, names, split, quick };
  }

  async function reconcile(
    cfg: WatchConfig,
    states: Map<string, CheckState>,
    lastDrift: string,
    lastWarnings: string,
    cached: RefreshResult | null,
  ): Promise<{ drift: string; warnings: string; cache: RefreshResult | null; ok: boolean; quick?: boolean; deferred?: boolean }> {
    const started = performance.now();
    const seen = { drift: lastDrift, warnings: lastWarnings, cache: null as RefreshResult | null, ok: false };
    deps.metrics.reconciles++;
    try {
      const desired = cfg.desired;
      reading = !cached;
      const began = editSeq;
      const refreshed = cached ?? (await refreshHosts({ hosts: desired.hosts, desired: desired.resources, runners: cfg.runners, parallelism: deps.parallelism }).finally(() => { reading = false; }));
      if (!cached) readBegan.set(refreshed, began);
      if (hasErrors(refreshed.diagnostics)) {
        deps.metrics.reconcileErrors++;
        deps.emit({ type: 'error', level: 'error', message: `cannot read the hosts: ${firstError(refreshed.diagnostics)}` });
        return seen;
      }
      // An armed check made its edit while this read went on (before or after the read saw that director): the reconcile of
      // its verdict, which follows, plans from this read and makes no edit of its own (see quickEdit).
      if (!cached && madeByCheck.size > 0) return { ...seen, cache: refreshed, ok: true, deferred: true };
      const verdicts = verdictsOf(states);
      // The plan made ahead for these verdicts from this read, if there is one (used once: an apply may change it).
      const ahead = cached && prepared?.cfg === cfg && prepared.read === cached && prepared.key === verdictKey(verdicts) ? prepared.plan : null;
      prepared = null;
      const { planned, names, split, quick } = ahead ?? planHealth(cfg, refreshed, verdicts);
      const warnings = planned.diagnostics.map((d) => diagnosticText(d)).join('\n');
      if (warnings !== lastWarnings && warnings !== '')
        for (const d of planned.diagnostics) deps.emit({ type: d.severity === 'error' ? 'error' : 'warning', level: d.severity === 'error' ? 'error' : 'warn', message: diagnosticText(d) });
      seen.warnings = warnings;
      if (!split) {
        deps.metrics.reconcileErrors++;
        return seen;
      }
      deps.metrics.driftObjects = split.drift.length;
      const driftText = split.drift.map((c) => `${c.action} ${c.address} on ${c.host}`).join(', ');
      if (driftText !== lastDrift && split.drift.length > 0 && !deps.repairDrift)
        deps.emit({ type: 'drift', level: 'warn', message: `drift left alone (run with --repair-drift to fix it): ${driftText}`, changes: split.drift.length });
      seen.drift = driftText;
      recordWeights(cfg, planned.plan.changes, new Set());
      if (split.apply.changes.length === 0) return { ...seen, cache: refreshed, ok: true };
      if (quick?.ok) {
        await quickEdit(cfg, quick.edits, performance.now() - started, !!ahead);
        return { ...seen, ok: true, quick: true };
      }
      await releaseAhead(cfg);
      const result = await executePlan(split.apply, {
        runners: cfg.runners,
        builders: providerBuilders,
        reader: providerHostReader({ sysctlNames: (h) => names.get(h.name) ?? [] }),
        clock: systemClock,
        events: () => undefined,
        lockTimeoutMs: deps.lockTimeoutMs,
        drainPollMs: 1000,
        parallelism: deps.parallelism,
        savedPlan: true,
      });
      for (const o of result.applied) {
        if (o.change.action === 'no-op') continue;
        deps.metrics.changesApplied++;
        deps.emit({ type: 'change_applied', level: 'info', message: describeChange(o.change), address: o.change.address, host: o.change.host, action: o.change.action, path: 'apply' });
      }
      for (const o of [...result.failed, ...result.skipped])
        deps.emit({ type: 'change_failed', level: 'error', message: `${describeChange(o.change)} not applied: ${o.message ?? ''}`, address: o.change.address, host: o.change.host });
      for (const d of result.diagnostics) if (d.severity === 'error') deps.emit({ type: 'error', level: 'error', message: diagnosticText(d) });
      if (result.exitCode !== 0) deps.metrics.reconcileErrors++;
      recordWeights(cfg, result.applied.map((o) => o.change), new Set(result.applied.map((o) => o.change)));
      // The hosts changed: the next plan reads them again.
      return { ...seen, ok: result.exitCode === 0 };
    } catch (e) {
      deps.metrics.reconcileErrors++;
      deps.emit({ type: 'error', level: 'error', message: `reconcile failed: ${e instanceof Error ? e.message : String(e)}` });
      return seen;
    } finally {
      deps.metrics.reconcileSeconds = (performance.now() - started) / 1000;
    }
  }

  /** Starts the editor of each director with checks unless it runs (again, after one died), so that its next quick edit pays no process start. */
  function prepareEditors(cfg: WatchConfig): void {
    for (const host of new Set(cfg.desired.health.checks.map((c) => c.host))) {
      const runner = cfg.runners.get(host);
      if (runner) void editor.prepare(host, runner).catch(() => undefined);
    }
  }

  function lockAhead(cfg: WatchConfig, host: string): void {
    const runner = cfg.runners.get(host);
    if (!runner || lockedAhead.has(host)) return;
    lockedAhead.add(host);
    lockAskedAt.set(host, Date.now());
    void editor.lockAhead(host, runner, deps.lockTimeoutMs).catch(() => undefined);
  }

  /** Lets go of a director's lock taken ahead for a change that did not come. */
  function releaseAheadOn(cfg: WatchConfig, host: string): void {
    const runner = cfg.runners.get(host);
    if (!lockedAhead.delete(host) || !runner) return;
    deps.debug?.(host, 'the lock taken ahead is let go: the backend did not turn');
    void afterArmedRound(host).then(() => editor.release(host, runner)).catch(() => undefined);
  }

  /** Lets go of the locks taken ahead that no quick edit used (before an apply takes them, or when nothing changes), but those of `keep`. */
  async function releaseAhead(cfg: WatchConfig, keep: ReadonlySet<string> = new Set()): Promise<void> {
    const hosts = [...lockedAhead].filter((h) => !keep.has(h));
    for (const h of hosts) lockedAhead.delete(h);
    await Promise.all(hosts.map(async (h) => {
      const runner = cfg.runners.get(h);
      if (runner) await afterArmedRound(h).then(() => editor.release(h, runner)).catch(() => undefined);
    }));
  }

  /**
   * Each director's quick edit (in parallel); what took is logged and counted as applied. One refused (a line
   * moved, the lock stayed busy, the editor failed) is logged and left to the reconcile that follows.
   */
  async function quickEdit(cfg: WatchConfig, edits: readonly QuickEdit[], plannedMs: number, plannedAhead: boolean): Promise<void> {
    await Promise.all(
      edits.map(async (e) => {
        const runner = cfg.runners.get(e.host);
        if (!runner) return;
        const ahead = lockedAhead.delete(e.host);
        // An armed check made this edit at the failing result (logged then): the lock taken ahead for it is let go.
        if (madeByCheck.get(e.host) === pairsKey(e)) {
          madeByCheck.delete(e.host);
          recordWeights(cfg, e.changes, new Set(e.changes));
          if (ahead) await afterArmedRound(e.host).then(() => editor.release(e.host, runner)).catch(() => undefined);
          return;
        }
        await afterArmedRound(e.host);
        const sent = performance.now();
        const out = await editor.edit(runner, e, deps.lockTimeoutMs);
        deps.debug?.(e.host, describeQuickEdit(out.status, plannedMs, performance.now() - sent, e.read, out.times, ahead, plannedAhead));
        const times = out.times ? { lock_ms: out.times.lockMs, read_ms: out.times.readMs, restore_ms: out.times.restoreMs } : {};
        const refused = (reason: string, why: string): void =>
          deps.emit({ type: 'quick_edit_refused', level: 'warn', message: `quick edit on ${e.host} not made (${why}); reading the hosts and applying the usual way`, host: e.host, reason, ...times });
        if (out.status === 'moved') return refused('moved', `${out.change.address} is no longer as last read there`);
        if (out.status === 'busy') return refused('busy', `the apply lock stayed held by ${out.holder || 'another apply'}`);
        if (out.status === 'failed') return refused('failed', out.error);
        const took = e.changes.filter((c) => !out.failed.has(c));
        for (const c of took) {
          deps.metrics.changesApplied++;
          deps.emit({ type: 'change_applied', level: 'info', message: `${describeChange(c)} (quick edit)`, address: c.address, host: c.host, action: c.action, path: 'quick_edit', ...times });
        }
        for (const [c, why] of out.failed) refused('failed', `${c.address}: ${why}`);
        recordWeights(cfg, took, new Set(took));
        noteEdits(took);
      }),
    );
  }

  /** Resolves when no round with an armed check runs on `host`: the lock it edits under is not let go, nor edited, before. */
  function afterArmedRound(host: string): Promise<void> {
    return armedRounds.get(host) ?? Promise.resolve();
  }

  /**
   * What an armed check's edit came to, given with its failing result: one applied is logged and counted as the quick
   * edit would be (and the reconcile of the verdict makes none); otherwise that reconcile's quick edit goes as usual.
   */
  function recordArmedEdit(cfg: WatchConfig, e: QuickEdit, outcome: ArmedEditOutcome, failed: CheckResult): void {
    deps.debug?.(e.host, describeArmedEdit(outcome, e.read));
    if (outcome.status !== 'applied' || outcome.exitCode !== 0) return;
    madeByCheck.set(e.host, pairsKey(e));
    for (const c of e.changes) {
      deps.metrics.changesApplied++;
      // Its reason is the failing result's (a plan made after the last read had the result before).
      const why = c.health ? { ...c, health: { ...c.health, reason: failed.reason } } : c;
      deps.emit({ type: 'change_applied', level: 'info', message: `${describeChange(why)} (quick edit, made by the check process)`, address: c.address, host: c.host, action: c.action, path: 'quick_edit', made_by: 'check', read_ms: outcome.readMs, read_ahead_ms: outcome.readAheadMs, restore_ms: outcome.restoreMs });
    }
    recordWeights(cfg, e.changes, new Set(e.changes));
    noteEdits(e.changes);
  }

  /** Weight series: what the director has (before), or what was just applied (after). */
  function recordWeights(cfg: WatchConfig, changes: readonly ResourceChange[], applied: ReadonlySet<ResourceChange>): void {
    const checks = new Map(cfg.desired.health.checks.map((c) => [checkKey(c), c]));
    for (const ch of changes) {
      if (ch.type !== 'ipvs_destination') continue;
      const k = checkKey({ host: ch.host, destinationId: ch.id });
      const series = deps.metrics.backends.get(k);
      if (!series || !checks.has(k)) continue;
      const attrs = applied.has(ch) ? ch.after : ch.before;
      const w = attrs?.weight;
      series.weight = typeof w === 'number' ? w : applied.has(ch) && ch.action === 'delete' ? null : series.weight;
    }
  }
}

/** A reconcile's plan: the planner's, the sysctl names each host has, the changes to apply (none on errors), the quick edits. */
interface HealthPlan {
  planned: ReturnType<typeof planWithHealth>;
  names: Map<string, string[]>;
  split: ReturnType<typeof splitPlan> | null;
  quick: ReturnType<typeof planQuickEdits> | null;
}

/** A service's attributes on a host, as a read saw them. */
function serviceLookup(read: RefreshResult): (host: string, serviceId: string) => Attrs | null {
  return (host, id) => read.hosts.find((h) => h.observed.host === host)?.observed.resources.find((r) => r.type === 'ipvs_service' && r.id === id)?.attrs ?? null;
}

/** How many destinations each host had, as a read saw them. */
function destinationCount(read: RefreshResult): (host: string) => number {
  return (host) => read.hosts.find((h) => h.observed.host === host)?.observed.resources.filter((r) => r.type === 'ipvs_destination').length ?? Infinity;
}

/** The checks a director's check process runs (an arm names a check by its index among them). */
function directorChecks(cfg: WatchConfig, host: string): BackendCheck[] {
  return cfg.desired.health.checks.filter((c) => c.host === host && c.spec.from !== 'local');
}

/** A quick edit's lines, to tell it from another. */
const pairsKey = (e: QuickEdit): string => e.pairs.map((p) => `${p.expected}\n${p.edit}`).join('\n');

/** How many backends' quiesces are planned after each read (a plan each, on the order of 10-700 ms of CPU under the lab's emulation). */
const DOWN_PLANS_AHEAD = 8;

/** How long before the editor's hold of a lock taken ahead runs out an armed check stops making its edit (the round's way there). */
const ARM_MARGIN_MS = 1000;

function describeChange(c: ResourceChange): string {
  const w = (a: ResourceChange['before']) => (a && typeof a.weight === 'number' ? a.weight : null);
  const why = c.health ? ` (${c.health.status}: ${c.health.reason})` : '';
  if (c.action === 'update' && w(c.before) !== w(c.after)) return `${w(c.after) === 0 ? 'quiesced' : 'restored'} ${c.address} on ${c.host}: weight ${w(c.before)} -> ${w(c.after)}${why}`;
  const verb = c.action === 'create' ? 'added' : c.action === 'delete' ? 'removed' : c.action === 'replace' ? 'replaced' : 'updated';
  return `${verb} ${c.address} on ${c.host}${why}`;
}

/** A diagnostic as the watch logs it: where (a file's range, when it has one), what, and `detail`. */
function diagnosticText(d: Diagnostic, detail = d.detail): string {
  return `${d.subject ? `${formatHclRange(d.subject)}: ` : ''}${d.summary}${detail ? `: ${detail}` : ''}`;
}

/** The first error, on one line (the first line of its detail). */
function firstError(diags: readonly Diagnostic[]): string {
  const d = diags.find((x) => x.severity === 'error') ?? diags[0];
  return d ? diagnosticText(d, d.detail?.split('\n')[0]) : 'unknown error';
}
