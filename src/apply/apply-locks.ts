import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorDiag, warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { HostSpec } from '../model/hosts.js';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import type { ApplyEvent } from './events.js';
import { acquireHostLock, type HeldLock } from './host-lock.js';
import { lockInOrder } from './lock-order.js';
import type { Clock, HostReader } from './ports.js';
import type { ObservedHostLike } from '../plan/observed.js';
import { HOLD_RELEASED_DETAIL, LEFTOVER_HOLD } from './scheduler-switch.js';

export interface LockFailure {
  host: string;
  error: string;
  /** Another apply holds the lock (as opposed to the host failing to run the lock at all). */
  busy: boolean;
}

export interface TakeLocksDeps {
  runners: ReadonlyMap<string, CommandRunner>;
  reader: HostReader;
  clock: Clock;
  events: (e: ApplyEvent) => void;
  lockTimeoutMs: number;
  parallelism: number;
  holder?: string;
  token?: string;
}

/**
 * The apply locks of a set of hosts, each holder having read its host under the lock (one remote
 * command per host for both). Taken by `executePlan`, or before planning by an `apply -auto-approve`,
 * which then plans from these reads and hands the set, with what it planned from, to `executePlan`: one read
 * per host instead of two, parsed once.
 */
export class ApplyLockSet {
  readonly held = new Map<string, HeldLock>();
  readonly failures: LockFailure[] = [];
  /** Directors whose holder put back a leftover ICMP hold. */
  readonly holdReleased: string[] = [];
  private readonly reads = new Map<string, CommandResult>();
  private readonly planned = new Map<string, ObservedHostLike>();
  private readonly lost = new Map<string, string>();
  private readonly lostListeners: ((host: string, why: string) => void)[] = [];

  /** Some host's lock is held by another apply: nothing may start. */
  get busy(): boolean {
    return this.failures.some((f) => f.busy);
  }

  /** The reads made under these locks not handed out yet; each is handed out once (after a change, a read must be new). */
  takeReads(): Map<string, CommandResult> {
    const reads = new Map(this.reads);
    this.reads.clear();
    return reads;
  }

  /**
   * What the plan was made from on `host`, read while its lock was held: the apply under the same lock takes it as
   * its own read, with nothing to compare (no one else can have changed the host through lvsplan meanwhile).
   */
  setPlanned(host: string, observed: ObservedHostLike): void {
    if (this.held.has(host)) this.planned.set(host, observed);
  }

  /** What the plan was made from, by host; each handed out once (after a change, a read must be new). */
  takePlanned(): Map<string, ObservedHostLike> {
    const planned = new Map(this.planned);
    this.planned.clear();
    return planned;
  }

  /** Calls `listener` for each host whose lock was lost, already or later. */
  onLost(listener: (host: string, why: string) => void): void {
    for (const [host, why] of this.lost) listener(host, why);
    this.lostListeners.push(listener);
  }

  async release(): Promise<void> {
    const held = [...this.held.values()];
    this.held.clear();
    await Promise.all(held.map((l) => l.release().catch(() => undefined)));
  }

  /** Records a lock taken (with its read, if any) or refused. */
  add(host: string, outcome: Awaited<ReturnType<typeof acquireHostLock>>): void {
    if (!outcome.ok) {
      this.failures.push({ host, error: outcome.error, busy: outcome.busy });
      return;
    }
    this.held.set(host, outcome.lock);
    if (outcome.read) this.reads.set(host, outcome.read);
    if (outcome.holdReleased) this.holdReleased.push(host);
  }

  loseLock(host: string, why: string): void {
    if (this.lost.has(host)) return;
    this.lost.set(host, why);
    for (const l of this.lostListeners) l(host, why);
  }
}

/**
 * Takes the apply lock of every host (lock-order.ts: two racing runs cannot deadlock); each holder reads
 * its host once it has the lock and, on a director, puts back a leftover ICMP hold. When some host is
 * held by another apply, every lock taken is let go again (the set says busy).
 */
export async function takeApplyLocks(hosts: readonly HostSpec[], deps: TakeLocksDeps): Promise<ApplyLockSet> {
  const set = new ApplyLockSet();
  const specs = new Map(hosts.map((h) => [h.name, h]));
  const token = deps.token ?? randomBytes(8).toString('hex');
  const holder = deps.holder ?? `pid ${process.pid} on ${hostname()}, started ${new Date(deps.clock.now()).toISOString()}`;
  const outcomes = await lockInOrder([...specs.keys()], deps.parallelism, async (host) => {
    const runner = deps.runners.get(host);
    if (!runner) return { host, r: { ok: false as const, error: `host ${host} has no connection in the plan`, busy: false } };
    deps.events({ kind: 'lock-wait', host });
    const spec = specs.get(host)!;
    const read = deps.reader.argv(spec);
    const r = await acquireHostLock({
      runner,
      token,
      holder,
      timeoutMs: deps.lockTimeoutMs,
      ...(read.ok ? { read: read.value } : {}),
      ...(spec.role === 'director' ? { hold: LEFTOVER_HOLD } : {}),
      onLost: (why) => set.loseLock(host, why),
    });
    if (r.ok) deps.events({ kind: 'locked', host });
    return { host, r };
  });
  for (const o of outcomes) set.add(o.host, o.r);
  if (set.busy) await set.release();
  return set;
}

/** The error for a host whose lock another apply holds: nothing was changed, the locks taken were let go. */
export function lockBusyError(f: LockFailure): Diagnostic {
  return errorDiag(`Error acquiring the apply lock on ${f.host}`, `${f.error}.\nNothing was changed on any host.`);
}

/** The warning that a lock holder put back a leftover ICMP hold on a director. */
export function holdReleasedWarning(host: string): Diagnostic {
  return warningDiag(`ICMP rate limit restored on ${host}`, HOLD_RELEASED_DETAIL);
}
