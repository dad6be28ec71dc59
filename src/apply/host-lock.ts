import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { lockHolderArgv, lockProbeArgv, lockReleaseArgv, lockRenewArgv, LOCK_EXIT_BUSY, LOCK_LEASE_SECONDS } from './lock-script.js';
import type { Clock } from './ports.js';

export interface HeldLock {
  release(): Promise<void>;
}

/** busy: another apply holds the lock (as opposed to the host failing to run the lock at all). */
export type LockOutcome = { ok: true; lock: HeldLock } | { ok: false; error: string; busy: boolean };

export interface LockRequest {
  runner: CommandRunner;
  clock: Clock;
  /** Unique per apply run (a hex string): names the token file. */
  token: string;
  /** Who holds the lock, written into the lock file: pid, operator host, start time. */
  holder: string;
  timeoutMs: number;
  pollMs: number;
  /** Default LOCK_PATH; tests use a private one. */
  lockPath?: string;
  /** Seconds the host keeps the lock without renewal (default LOCK_LEASE_SECONDS); renewed every third of it. */
  leaseSeconds?: number;
  /** Called once if a renewal finds the lease gone: another apply may now take the host. */
  onLost?: (why: string) => void;
}

/** Takes the host's apply lock; on contention waits up to timeoutMs, then names the holder. */
export async function acquireHostLock(req: LockRequest): Promise<LockOutcome> {
  const waitSeconds = Math.max(0, Math.ceil(req.timeoutMs / 1000));
  const holder: { result: CommandResult | null } = { result: null };
  const holding = req.runner.run(lockHolderArgv(req.token, req.holder, waitSeconds, req.lockPath, req.leaseSeconds)).then((r) => {
    holder.result = r;
    return r;
  });
  // Counted from the first probe's answer: opening the connection (seconds over slow SSH) is not the holder's start-up.
  let deadline: number | undefined;
  for (;;) {
    if (holder.result) return refused(holder.result);
    const probe = await req.runner.run(lockProbeArgv(req.token, req.lockPath), { timeoutMs: 30_000 });
    if (probe.exitCode === 0) {
      const stopRenewing = keepRenewed(req);
      return { ok: true, lock: { release: () => (stopRenewing(), release(req, holding)) } };
    }
    if (holder.result) return refused(holder.result);
    deadline ??= req.clock.now() + req.timeoutMs + 10_000;
    if (req.clock.now() > deadline) {
      await req.runner.run(lockReleaseArgv(req.token, req.lockPath));
      return { ok: false, error: 'timed out waiting for the lock holder process to start', busy: false };
    }
    await req.clock.sleep(req.pollMs);
  }
}

/** Renews the lease in the background (wall-clock timers: the host measures the lease with its own clock). */
function keepRenewed(req: LockRequest): () => void {
  const lease = req.leaseSeconds ?? LOCK_LEASE_SECONDS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const renew = async () => {
    const r = await req.runner.run(lockRenewArgv(req.token, req.lockPath), { timeoutMs: 30_000 });
    if (stopped) return;
    if (r.exitCode === 1) {
      stopped = true;
      req.onLost?.(`its ${lease}s lease ran out before it could be renewed (was the host unreachable?)`);
      return;
    }
    timer = setTimeout(renew, (lease * 1000) / 3);
  };
  timer = setTimeout(renew, (lease * 1000) / 3);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

async function release(req: LockRequest, holding: Promise<CommandResult>): Promise<void> {
  await req.runner.run(lockReleaseArgv(req.token, req.lockPath), { timeoutMs: 30_000 });
  await holding;
}

function refused(r: CommandResult): LockOutcome {
  return { ok: false, error: lockFailure(r), busy: r.exitCode === LOCK_EXIT_BUSY };
}

function lockFailure(r: CommandResult): string {
  const stderr = r.stderr.trim();
  if (r.exitCode === LOCK_EXIT_BUSY) {
    return `the lock is held by another apply (${stderr.replace(/^held by /, '') || 'holder unknown'}); it did not become free within the lock timeout`;
  }
  if (r.spawnError) return r.spawnError;
  return `could not take the lock (exit ${r.exitCode ?? r.signal ?? 'unknown'}${stderr ? `: ${stderr}` : ''})`;
}
