import { PassThrough } from 'node:stream';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import type { HolderReport } from './lock-script.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import { holderReport, lockHolderArgv, LOCK_EXIT_BUSY, LOCK_LEASE_SECONDS, READ_BEGIN, stateAnswer, stateRequest, type HoldRepair } from './lock-script.js';
import { STATE_WRITE_ARGV } from './state-write.js';
import { STATE_RECORD_PATH } from '../model/state-record.js';

export interface HeldLock {
  release(): Promise<void>;
  /**
   * Has the holder write the state record (`text`, ending with a newline): no remote command of its own.
   * `dirChecked`: a write under this lock found the state directory private, so its mode is not read
   * again. Resolves to why it failed, or null. Null itself when the holder cannot (no bash on the host):
   * the record then needs a command of its own.
   */
  readonly writeState: ((text: string, dirChecked: boolean) => Promise<string | null>) | null;
}

/**
 * busy: another apply holds the lock (as opposed to the host failing to run the lock at all). read: the
 * host's read run under the lock (as if run alone), when one was asked for; holdReleased: the holder put
 * a raised value back.
 */
export type LockOutcome = { ok: true; lock: HeldLock; read: CommandResult | null; holdReleased: boolean } | { ok: false; error: string; busy: boolean };

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
  /** The host's read, run by the holder once it has the lock (one remote command less than reading apart). */
  read?: readonly string[];
  /** A raised value the holder puts back once it has the lock (see lock-script.ts). */
  hold?: HoldRepair;
  /** Where the holder writes the state record: default STATE_DIR and STATE_RECORD_PATH; tests use private ones. */
  stateDir?: string;
  statePath?: string;
}

/**
 * Takes the host's apply lock; on contention waits up to timeoutMs, then names the holder. There is
 * no start-up deadline of our own: the holder answers "locked" or ends (busy, or the connection
 * failed, with its real cause), however long the host takes to start a command. A read asked for
 * runs under the lock in the same remote command, within HOST_COMMAND_LIMIT_MS like a read of its own.
 */
export async function acquireHostLock(req: LockRequest): Promise<LockOutcome> {
  const lease = req.leaseSeconds ?? LOCK_LEASE_SECONDS;
  const waitSeconds = Math.max(0, Math.ceil(req.timeoutMs / 1000));
  const input = new PassThrough();
  const abort = new AbortController();
  let printed = '';
  let holds = false;
  /** Called on each output once locked (an answer to a state write awaited). */
  let onPrinted: () => void = () => undefined;
  let announce: (r: HolderReport) => void = () => undefined;
  const locked = new Promise<HolderReport>((resolve) => (announce = resolve));
  let readLimit: NodeJS.Timeout | undefined;
  let readTimedOut = false;
  const withRead = req.read !== undefined;
  const holding = req.runner.run(lockHolderArgv(req.token, req.holder, waitSeconds, req.lockPath, lease, req), {
    input,
    signal: abort.signal,
    onStdout: (text) => {
      printed += text;
      // The lock is held once the read starts: from then on only the read's own time limit applies.
      if (withRead && readLimit === undefined && printed.startsWith(`${READ_BEGIN}\n`)) {
        readLimit = setTimeout(() => {
          readTimedOut = true;
          abort.abort();
        }, HOST_COMMAND_LIMIT_MS).unref();
      }
      if (holds) return onPrinted();
      const report = holderReport(printed, withRead);
      if (report) {
        holds = true;
        announce(report);
      }
    },
  });
  const ended = await Promise.race([locked, holding]);
  clearTimeout(readLimit);
  if ('argv' in ended) {
    input.end();
    return refused(readTimedOut ? { ...ended, timedOut: true } : ended, readLimit !== undefined);
  }
  let released = false;
  // Renewals are lines on the holder's stdin: no remote command, so no start-up cost per renewal.
  const renewing = setInterval(() => input.write('\n'), (lease * 1000) / 3);
  void holding.then((r) => {
    clearInterval(renewing);
    if (!released) req.onLost?.(lostReason(r, lease));
  });
  const read = ended.read && req.read ? { argv: [...req.read], signal: null, durationMs: 0, ...ended.read } : null;
  const statePath = req.statePath ?? STATE_RECORD_PATH;
  /** One write at a time: each answer is read from what the holder printed after its request. */
  let writes: Promise<unknown> = Promise.resolve();
  const writeThrough = async (text: string, dirChecked: boolean): Promise<string | null> => {
    if (released) return `writing ${statePath}: the apply lock was already released`;
    const from = printed.length;
    input.write(stateRequest(text, dirChecked));
    const answer = await new Promise<{ output: string; exitCode: number } | CommandResult | 'timeout'>((resolve) => {
      const limit = setTimeout(() => resolve('timeout'), HOST_COMMAND_LIMIT_MS).unref();
      const settle = (a: { output: string; exitCode: number } | CommandResult | 'timeout') => {
        clearTimeout(limit);
        resolve(a);
      };
      onPrinted = () => {
        const a = stateAnswer(printed.slice(from));
        if (a) settle(a);
      };
      void holding.then(settle);
    });
    onPrinted = () => undefined;
    if (answer === 'timeout') {
      // Whether the record was written is unknown: the holder is stopped (the lock is lost), and the host is not touched again.
      abort.abort();
      return `writing ${statePath} through the apply lock holder: timed out`;
    }
    if ('argv' in answer) return describeFailure(answer, `the apply lock holder, writing ${statePath}`);
    if (answer.exitCode === 0) return null;
    return describeFailure({ argv: [...STATE_WRITE_ARGV], exitCode: answer.exitCode, signal: null, stdout: '', stderr: answer.output, durationMs: 0 }, `writing ${statePath}`);
  };
  const writeState = (text: string, dirChecked: boolean) => {
    const written = writes.then(() => writeThrough(text, dirChecked));
    writes = written;
    return written;
  };
  return {
    ok: true,
    read,
    holdReleased: ended.holdReleased,
    lock: {
      writeState: ended.writesState ? writeState : null,
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

function refused(r: CommandResult, reading: boolean): LockOutcome {
  if (reading) return { ok: false, error: describeFailure(r, 'the host read under the apply lock'), busy: false };
  return { ok: false, error: lockFailure(r), busy: r.exitCode === LOCK_EXIT_BUSY };
}

function lockFailure(r: CommandResult): string {
  const stderr = r.stderr.trim();
  if (r.exitCode === LOCK_EXIT_BUSY) {
    return `the lock is held by another apply (${stderr.replace(/^held by /, '') || 'holder unknown'}); it did not become free within the lock timeout`;
  }
  return describeFailure(r, 'taking the lock');
}
