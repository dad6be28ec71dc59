import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { lockHolderArgv, lockProbeArgv, lockReleaseArgv, LOCK_EXIT_BUSY } from './lock-script.js';
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
}

/** Takes the host's apply lock; on contention waits up to timeoutMs, then names the holder. */
export async function acquireHostLock(req: LockRequest): Promise<LockOutcome> {
  const waitSeconds = Math.max(0, Math.ceil(req.timeoutMs / 1000));
  const holder: { result: CommandResult | null } = { result: null };
  const holding = req.runner.run(lockHolderArgv(req.token, req.holder, waitSeconds, req.lockPath)).then((r) => {
    holder.result = r;
    return r;
  });
  // Counted from the first probe's answer: opening the connection (seconds over slow SSH) is not the holder's start-up.
  let deadline: number | undefined;
  for (;;) {
    if (holder.result) return refused(holder.result);
    const probe = await req.runner.run(lockProbeArgv(req.token, req.lockPath), { timeoutMs: 30_000 });
    if (probe.exitCode === 0) {
      return { ok: true, lock: { release: () => release(req, holding) } };
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
