import type { HealthCheckSpec } from '../model/health.js';
import { oneShort, type CheckState, type Transition } from './hysteresis.js';

/**
 * What a result means for the work `watch` does ahead of a verdict: `turned` (the verdict changed: reconcile now),
 * `prepare` (the backend is now one result short of turning: take the lock, make the plan), `drop` (it was, its
 * result differed, and no backend of its director is short any more: let go of the lock), or nothing.
 */
export type AheadStep = 'turned' | 'prepare' | 'drop' | null;

/** The backends of each director that are one result short of a transition (see oneShort). */
export class ShortOfTurning {
  private readonly byHost = new Map<string, Set<string>>();

  /** Records backend `key`'s state after its latest result on `host`, and says what to do. */
  step(host: string, key: string, state: CheckState, spec: Pick<HealthCheckSpec, 'rise' | 'fall'>, transition: Transition): AheadStep {
    const short = this.byHost.get(host) ?? new Set<string>();
    this.byHost.set(host, short);
    const was = short.delete(key);
    if (oneShort(state, spec.rise, spec.fall)) short.add(key);
    if (transition) return 'turned';
    if (short.has(key)) return was ? null : 'prepare';
    return was && short.size === 0 ? 'drop' : null;
  }

  has(key: string): boolean {
    for (const keys of this.byHost.values()) if (keys.has(key)) return true;
    return false;
  }

  /** The directors with a backend one result short. */
  hosts(): Set<string> {
    return new Set([...this.byHost].filter(([, keys]) => keys.size > 0).map(([host]) => host));
  }

  /** The backends one result short on `host`. */
  keysOn(host: string): string[] {
    return [...(this.byHost.get(host) ?? [])];
  }

  /** Every backend one result short, on every director. */
  keys(): string[] {
    return [...this.byHost.values()].flatMap((keys) => [...keys]);
  }

  clear(): void {
    this.byHost.clear();
  }
}

/**
 * Whether a backend's quick-edit lock is taken one result ahead: only when its next result is due (and done) within
 * the editor's hold of a lock taken ahead, which lets go of it after that (a human apply waits at most so long).
 */
export function locksAhead(spec: Pick<HealthCheckSpec, 'intervalMs' | 'timeoutMs'>, holdMs: number): boolean {
  return spec.intervalMs + spec.timeoutMs < holdMs;
}
