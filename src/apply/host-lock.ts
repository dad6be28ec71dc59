import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { MAX_OUTPUT_BYTES, type CommandResult, type CommandRunner } from '../transport/command-runner.js';
import { describeFailure } from './describe-result.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import { HolderOutput, type Frame, type HolderReport } from './holder-output.js';
import { lockHolderArgv, LOCK_EXIT_BUSY, LOCK_LEASE_SECONDS, stateRequest, stepsRequest, type HoldRepair } from './lock-script.js';
import { STATE_WRITE_ARGV } from './state-write.js';
import { stepsArgv, stepsParameters } from './steps-script.js';
import { STATE_RECORD_PATH } from '../model/state-record.js';

/** What a holder that runs bash does when asked on its stdin, each answer its own frame (holder-output.ts). */
export interface HolderRequests {
  /**
   * Writes the state record (`text`, ending with a newline): no remote command of its own. `dirChecked`:
   * a write under this lock found the state directory private, so its mode is not read again. Resolves to
   * why it failed, or null. Null when a request cannot carry the record (stateRequest): write it alone.
   */
  writeState(text: string, dirChecked: boolean): Promise<string | null> | null;
  /**
   * Runs the steps (steps-script.ts) as `stepsArgv(argvs, report)` with `stdin` would run as a command of
   * its own, and resolves to that command's result: no remote command. Null when a request cannot carry
   * them (stepsRequest): run them alone. One that takes longer than HOST_COMMAND_LIMIT_MS stops the
   * holder (the lock is lost, the host not touched again).
   */
  runSteps(argvs: readonly (readonly string[])[], report?: readonly string[], stdin?: string): Promise<CommandResult> | null;
}

export interface HeldLock {
  release(): Promise<void>;
  /** Null where the holder cannot answer requests (no bash on the host): the state write and the steps take commands of their own. */
  readonly requests: HolderRequests | null;
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
  /** How long the read, and each request, may take through the holder before it is stopped: default HOST_COMMAND_LIMIT_MS. */
  limitMs?: number;
}

/**
 * Takes the host's apply lock; on contention waits up to timeoutMs, then names the holder. There is
 * no start-up deadline of our own: the holder answers "locked" or ends (busy, or the connection
 * failed, with its real cause), however long the host takes to start a command. A read asked for
 * runs under the lock in the same remote command, within HOST_COMMAND_LIMIT_MS like a read of its own.
 */
export async function acquireHostLock(req: LockRequest): Promise<LockOutcome> {
  const lease = req.leaseSeconds ?? LOCK_LEASE_SECONDS;
  const limitMs = req.limitMs ?? HOST_COMMAND_LIMIT_MS;
  const waitSeconds = Math.max(0, Math.ceil(req.timeoutMs / 1000));
  const input = new PassThrough();
  const abort = new AbortController();
  /** Why the apply stopped the holder itself (a request overran, its output could not be read). */
  let stopped: string | null = null;
  const stop = (why: string) => {
    stopped ??= why;
    abort.abort();
  };
  let announce: (r: HolderReport) => void = () => undefined;
  const locked = new Promise<HolderReport>((resolve) => (announce = resolve));
  let readLimit: NodeJS.Timeout | undefined;
  let readTimedOut = false;
  /** The requests made and not answered yet, in order; the first one's time limit runs. */
  const waiting: Waiting[] = [];
  const limitFirst = () => {
    const first = waiting[0];
    if (first && first.limit === undefined) {
      first.limit = setTimeout(() => {
        first.timedOut = true;
        stop(`${first.what} through its holder took longer than ${limitMs / 1000}s, so the apply stopped the holder`);
      }, limitMs).unref();
    }
  };
  const output = new HolderOutput(req.read ? req.token : null, MAX_OUTPUT_BYTES, {
    // The lock is held once the read starts: from then on only the read's own time limit applies.
    onReadStarted: () => {
      readLimit = setTimeout(() => {
        readTimedOut = true;
        abort.abort();
      }, limitMs).unref();
    },
    onLocked: (r) => announce(r),
    onFrame: (frame) => {
      const first = waiting.shift()!;
      clearTimeout(first.limit);
      first.settle(frame);
      limitFirst();
    },
    onError: stop,
  });
  const holding = req.runner.run(lockHolderArgv(req.token, req.holder, waitSeconds, req.lockPath, lease, req), {
    input,
    signal: abort.signal,
    // Read as it comes (each frame once), not kept: a holder lives for the whole apply.
    keepStdout: false,
    onStdout: (text) => output.feed(text),
  });
  const ended = await Promise.race([locked, holding]);
  clearTimeout(readLimit);
  if ('argv' in ended) {
    input.end();
    if (stopped) return { ok: false, error: `${describeFailure(ended, 'the apply lock holder')}: ${stopped}`, busy: false };
    return refused(readTimedOut ? { ...ended, timedOut: true } : ended, readLimit !== undefined);
  }
  let released = false;
  let gone: CommandResult | null = null;
  // Renewals are lines on the holder's stdin: no remote command, so no start-up cost per renewal.
  const renewing = setInterval(() => input.write('\n'), (lease * 1000) / 3);
  void holding.then((r) => {
    gone = r;
    clearInterval(renewing);
    for (const w of waiting.splice(0)) {
      clearTimeout(w.limit);
      w.settle(r);
    }
    if (!released) req.onLost?.(stopped ?? lostReason(r, lease));
  });
  /** A request's answer, or why there is none (the text of a failure naming `what`). */
  const ask = (what: string, request: Buffer, id: string): Promise<Frame | { failed: string; timedOut: boolean }> => {
    if (released) return Promise.resolve({ failed: `${what}: the apply lock was already released`, timedOut: false });
    if (gone) return Promise.resolve({ failed: describeFailure(gone, `the apply lock holder, ${what}`), timedOut: false });
    return new Promise((resolve) => {
      const w: Waiting = {
        what,
        timedOut: false,
        settle: (a) => {
          if (!('argv' in a)) resolve(a);
          else if (w.timedOut) resolve({ failed: `${what} through the apply lock holder: timed out`, timedOut: true });
          else resolve({ failed: describeFailure(a, `the apply lock holder, ${what}`), timedOut: false });
        },
      };
      waiting.push(w);
      output.expect(id);
      input.write(request);
      limitFirst();
    });
  };
  const statePath = req.statePath ?? STATE_RECORD_PATH;
  const requests: HolderRequests = {
    writeState: (text, dirChecked) => {
      const id = requestId();
      const request = stateRequest(id, text, dirChecked);
      if (request === null) return null;
      return ask(`writing ${statePath}`, request, id).then((a) => {
        if ('failed' in a) return a.failed;
        if (a.exitCode === 0) return null;
        return describeFailure({ argv: [...STATE_WRITE_ARGV], exitCode: a.exitCode, signal: null, stdout: '', stderr: a.stderr, durationMs: 0 }, `writing ${statePath}`);
      });
    },
    runSteps: (argvs, report, stdin) => {
      const id = requestId();
      const request = stepsRequest(id, stepsParameters(argvs, report), stdin);
      if (request === null) return null;
      const argv = stepsArgv(argvs, report);
      const started = performance.now();
      return ask('running a step', request, id).then((a): CommandResult => {
        const durationMs = performance.now() - started;
        if (!('failed' in a)) return { argv, exitCode: a.exitCode, signal: null, stdout: a.stdout, stderr: a.stderr, durationMs };
        // As a command of its own that could not run: it failed, whatever the holder's status.
        return { argv, exitCode: null, signal: null, stdout: '', stderr: '', durationMs, ...(a.timedOut ? { timedOut: true } : { spawnError: a.failed }) };
      });
    },
  };
  return {
    ok: true,
    read: ended.read && req.read ? { argv: [...req.read], signal: null, durationMs: 0, stdout: ended.read.stdout, stderr: ended.read.stderr, exitCode: ended.read.exitCode } : null,
    holdReleased: ended.holdReleased,
    lock: {
      requests: ended.answersRequests ? requests : null,
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

interface Waiting {
  what: string;
  limit?: NodeJS.Timeout;
  timedOut: boolean;
  /** Called once with the answer, or with the holder's result when it ended first. */
  settle: (answer: Frame | CommandResult) => void;
}

/** A request's id: random, so that no output can end its answer's frame early. */
function requestId(): string {
  return randomBytes(8).toString('hex');
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
