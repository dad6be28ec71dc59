import type { CheckResult } from '../model/health.js';

/** One backend's check history as `watch` sees it. */
export interface CheckState {
  /** The verdict after rise/fall; null until the first result. */
  healthy: boolean | null;
  passes: number;
  failures: number;
  last: CheckResult;
}

export type Transition = 'up' | 'down' | null;

/**
 * Rise/fall hysteresis: a healthy backend goes down after `fall` consecutive failures, a down one comes
 * back after `rise` consecutive passes. The first result decides at once (keepalived does the same).
 */
export function observe(prev: CheckState | undefined, r: CheckResult, rise: number, fall: number): { state: CheckState; transition: Transition } {
  const passes = r.healthy ? (prev?.passes ?? 0) + 1 : 0;
  const failures = r.healthy ? 0 : (prev?.failures ?? 0) + 1;
  let healthy = prev?.healthy ?? null;
  let transition: Transition = null;
  if (healthy === null) {
    healthy = r.healthy;
    transition = r.healthy ? 'up' : 'down';
  } else if (healthy && failures >= fall) {
    healthy = false;
    transition = 'down';
  } else if (!healthy && passes >= rise) {
    healthy = true;
    transition = 'up';
  }
  return { state: { healthy, passes, failures, last: r }, transition };
}

/** The verdicts the planner uses: the hysteresis state, with the latest observation's latency and reason. */
export function verdictsOf(states: ReadonlyMap<string, CheckState>): Map<string, CheckResult> {
  const out = new Map<string, CheckResult>();
  for (const [k, s] of states) if (s.healthy !== null) out.set(k, { healthy: s.healthy, latencyMs: s.last.latencyMs, reason: s.last.reason });
  return out;
}

/**
 * Whether the next result like the last one turns the verdict: a healthy backend one failure short of `fall`, a
 * down one one pass short of `rise`. The watch prepares that change ahead (the lock, the plan).
 */
export function oneShort(s: CheckState, rise: number, fall: number): boolean {
  if (s.healthy === true) return !s.last.healthy && s.failures === fall - 1;
  if (s.healthy === false) return s.last.healthy && s.passes === rise - 1;
  return false;
}

/** The verdicts as they will be if each backend in `turning` turns on its next result, like its last. */
export function verdictsIf(states: ReadonlyMap<string, CheckState>, turning: Iterable<string>): Map<string, CheckResult> {
  const out = verdictsOf(states);
  for (const k of turning) {
    const s = states.get(k);
    if (s && s.healthy !== null) out.set(k, { healthy: !s.healthy, latencyMs: s.last.latencyMs, reason: s.last.reason });
  }
  return out;
}

/** What of the verdicts a plan depends on for its changes (each backend's verdict and reason; not the latency). */
export function verdictKey(verdicts: ReadonlyMap<string, CheckResult>): string {
  return [...verdicts].map(([k, v]) => `${k}\t${v.healthy}\t${v.reason}`).sort().join('\n');
}
