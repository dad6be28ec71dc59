import type { ArmedEditOutcome, RoundTiming } from '../../providers/health/parse-results.js';
import type { EditTimes, TableRead } from '../apply/quick-edit-script.js';
import { type BackendCheck, type CheckResult } from '../model/health.js';

const ms = (n: number) => `${Math.round(n * 10) / 10} ms`;

/**
 * One director's check round as LVSPLAN_LOG shows it, by the director's own clock: which round, how late after its
 * checks were due it started there, how long it took there, and when each check of the round (those of `set`, the
 * director's checks, with a result) started after the round did and how it went.
 */
export function describeRound(set: readonly BackendCheck[], results: ReadonlyMap<BackendCheck, CheckResult>, timing: RoundTiming | null): string {
  const each = set.flatMap((c, i) => {
    const r = results.get(c);
    if (!r) return [];
    const started = timing?.startedAfterMs[i];
    const verdict = `${r.healthy ? 'passed' : 'failed'} in ${ms(r.latencyMs)}${r.healthy ? '' : ` (${r.reason})`}`;
    return `${c.address}${started === null || started === undefined ? '' : ` started +${ms(started)}`}, ${verdict}`;
  });
  const there = timing ? ` ${timing.seq}, started ${ms(timing.lateMs)} after due there, took ${ms(timing.scriptMs)}` : '';
  return `check round${there}: ${each.length} check(s): ${each.join('; ')}`;
}

const READS: Record<TableRead, string> = { proc: '/proc/net/ip_vs', ipvsadm: 'ipvsadm -Sn' };

/**
 * A quick edit as LVSPLAN_LOG shows it: sent how long after its reconcile began, answered how long after it was
 * sent, and the editor's phases (the lock taken ahead, while the edit was planned, or on its arrival).
 */
export function describeQuickEdit(status: string, plannedMs: number, answeredMs: number, read: TableRead, times: EditTimes | undefined, lockedAhead: boolean, plannedAhead = false): string {
  const phases = times ? ` (lock ${ms(times.lockMs)}${lockedAhead ? ' taken ahead' : ''}, read ${ms(times.readMs)} from ${READS[read]}, restore ${ms(times.restoreMs)})` : '';
  return `quick edit ${status}: sent ${ms(plannedMs)} after the reconcile began${plannedAhead ? ' (planned ahead)' : ''}, answered in ${ms(answeredMs)}${phases}`;
}

/** An armed check's edit as LVSPLAN_LOG shows it: what came of it in the check process, its read (after the result, or as the round began) and restore. */
export function describeArmedEdit(outcome: ArmedEditOutcome, read: TableRead): string {
  const why = outcome.status === 'unlocked' ? ' (the lock was not the editor\'s)' : outcome.status === 'late' ? ' (the arm was stale)' : outcome.text ? ` (${outcome.text})` : '';
  const rc = outcome.status === 'applied' && outcome.exitCode !== 0 ? ` but ipvsadm -R exited ${outcome.exitCode}` : '';
  const ahead = outcome.readAheadMs > 0 ? ` as the round began, ${ms(outcome.readAheadMs)} before the result` : '';
  return `armed edit ${outcome.status}${rc} by the check process at the failing result${why}: read ${ms(outcome.readMs)} from ${READS[read]}${ahead}, restore ${ms(outcome.restoreMs)}`;
}
