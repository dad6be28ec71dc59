import { PassThrough } from 'node:stream';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import { lockHolderArgv, LOCKED_LINE, LOCK_EXIT_BUSY, LOCK_LEASE_SECONDS } from './lock-script.js';

export interface HeldLock {
  release(): Promise<void>;
}

/** busy: another apply holds the lock (as opposed to the host failing to run the lock at all). */
export type LockOutcome = { ok: true; lock: HeldLock } | { ok: false; error: string; busy: boolean };

export interface LockRequest {
  runner: CommandRunner;
  /** Unique per apply run (a hex string): names the token file. */
  token: string;
  /** Who holds the lock, written into the lock file: pid, operator host, start time. */
  holder: string;
  timeoutMs: number;
  /** Default LOCK_PATH; tests use a private one. */
  lockPath?: string;
  /** Seconds the host keeps the lock without renewal (default LOCK_LEASE_SECONDS); renewed every third of it. */
  leaseSeconds?: number;
  /** Called once if the holder lets go while the apply still holds the lock: another apply may now take the host. */
  onLost?: (why: string) => void;
}

/**
 * Takes the host's apply lock; on contention waits up to timeoutMs, then names the holder. There is
 * no start-up deadline of our own: the holder answers "locked" or ends (busy, or the connection
 * failed, with its real cause), however long the host takes to start a command.
 */
export async function acquireHostLock(req: LockRequest): Promise<LockOutcome> {
  const lease = req.leaseSeconds ?? LOCK_LEASE_SECONDS;
  const waitSeconds = Math.max(0, Math.ceil(req.timeoutMs / 1000));
  const input = new PassThrough();
  const abort = new AbortController();
  let printed = '';
  let announce: () => void = () => undefined;
  const locked = new Promise<null>((resolve) => (announce = () => resolve(null)));
  const holding = req.runner.run(lockHolderArgv(req.token, req.holder, waitSeconds, req.lockPath, lease), {
    input,
    signal: abort.signal,
    onStdout: (text) => {
      printed += text;
      if (printed.split('\n').includes(LOCKED_LINE)) announce();
    },
  });
  const ended = await Promise.race([locked, holding]);
  if (ended !== null) {
    input.end();
    return refused(ended);
  }
  let released = false;
  // Renewals are lines on the holder's stdin: no remote command, so no start-up cost per renewal.
  const renewing = setInterval(() => input.write('\n'), (lease * 1000) / 3);
  void holding.then((r) => {
    clearInterval(renewing);
    if (!released) req.onLost?.(lostReason(r, lease));
  });
  return {
    ok: true,
    lock: {
      release: async () => {
        released = true;
        clearInterval(renewing);
        input.end();
        // The holder ends as soon as it reads the end of its stdin; one that does not (a host whose
        // sleep or date misbehaves) is killed, with what it started here, after about two leases.
        const bound = new Promise<null>((resolve) => setTimeout(resolve, 2 * lease * 1000, null).unref());
        if ((await Promise.race([holding, bound])) === null) abort.abort();
        await holding;
      },
    },
  };
}

function lostReason(r: CommandResult, lease: number): string {
  if (r.exitCode === 0) return `the host let it go: its ${lease}s lease ran out before a renewal reached it, or its token file was removed`;
  return `the lock holder process ended: ${describeFailure(r, 'the lock holder')}`;
}

function refused(r: CommandResult): LockOutcome {
  return { ok: false, error: lockFailure(r), busy: r.exitCode === LOCK_EXIT_BUSY };
}

function lockFailure(r: CommandResult): string {
  const stderr = r.stderr.trim();
  if (r.exitCode === LOCK_EXIT_BUSY) {
    return `the lock is held by another apply (${stderr.replace(/^held by /, '') || 'holder unknown'}); it did not become free within the lock timeout`;
  }
  return describeFailure(r, 'taking the lock');
}
