import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { MAX_OUTPUT_BYTES, withStdoutPieces, type CommandResult, type RunOptions } from './command-runner.js';
import { argvProblem } from './argv-check.js';

/** How long a timed-out process group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2000;
/**
 * After the process exits, how long its output pipes may stay quiet before we stop reading them. A
 * daemon it left behind (e.g. an ssh ControlPersist master) may hold them open; we do not wait for that.
 */
const PIPE_DRAIN_MS = 500;

export interface SpawnRequest {
  /** What actually gets executed locally: program and arguments, no shell. */
  command: string[];
  /** The argv reported in the result (the caller's view of what ran on the host). */
  reportedArgv: string[];
  opts?: RunOptions;
}

/**
 * Runs one process without a shell, in its own process group so a timeout can end everything it
 * started. Resolves with a CommandResult in every case.
 */
export function spawnProcess(req: SpawnRequest): Promise<CommandResult> {
  const started = performance.now();
  const argv = [...req.reportedArgv];
  const base = { argv, exitCode: null, signal: null, stdout: '', stderr: '' };
  const problem = argvProblem(req.command) ?? argvProblem(req.reportedArgv);
  if (problem) {
    return Promise.resolve({ ...base, durationMs: 0, spawnError: `invalid command: ${problem}` });
  }

  return new Promise((resolve) => {
    // A command given nothing to read gets /dev/null (EOF at once, as a closed pipe gives): for a host read, one socket
    // pair (node's pipe), its stream and its shutdown fewer on lvsplan's main thread (~0.7 ms of CPU on the 2-core dev VM).
    const feedsStdin = req.opts?.input !== undefined || req.opts?.stdin !== undefined;
    const child = spawn(req.command[0]!, req.command.slice(1), {
      stdio: [feedsStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const maxOutput = req.opts?.maxOutputBytes ?? MAX_OUTPUT_BYTES;
    let outputBytes = 0;
    let overLimit = false;
    let settled = false;
    let openPipes = 2;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: string | undefined;
    const timers: NodeJS.Timeout[] = [];

    const finish = (): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      req.opts?.signal?.removeEventListener('abort', stopGroup);
      if (child.stdin) req.opts?.input?.unpipe(child.stdin);
      child.stdout.destroy();
      child.stderr.destroy();
      let stdout: string | undefined;
      const result: CommandResult = {
        argv,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        // A large director's read is 13 MB: the host read parses its pieces (stdoutOf), and only a reader of the text joins them.
        get stdout() {
          return (stdout ??= Buffer.concat(out).toString('utf8'));
        },
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: performance.now() - started,
        ...(spawnError !== undefined ? { spawnError } : {}),
        ...(timedOut ? { timedOut } : {}),
        ...(overLimit ? { outputLimit: maxOutput } : {}),
      };
      resolve(withStdoutPieces(result, out));
    };
    const maybeFinish = (): void => {
      if (exit && openPipes === 0) finish();
    };
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    };

    const stopGroup = (): void => {
      timers.push(setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS));
      killGroup('SIGTERM');
    };
    const collect = (into: Buffer[]) => (b: Buffer) => {
      if (overLimit) return;
      const room = maxOutput - outputBytes;
      outputBytes += b.length;
      into.push(b.length > room ? b.subarray(0, room) : b);
      if (outputBytes > maxOutput) {
        overLimit = true;
        stopGroup();
      }
    };
    let lastOutput = performance.now();
    for (const stream of [child.stdout, child.stderr]) stream.on('data', () => (lastOutput = performance.now()));
    // The exit can be seen before the last output is read: libuv reaps every exited child when any
    // SIGCHLD arrives, so a process that wrote and exited just after the loop polled is reaped before its
    // pipes are polled again. On a loaded machine that next poll can come seconds later, after a timer
    // due meanwhile. So the drain timer only ends the reading from a check-phase callback, which runs
    // after a poll has read whatever had arrived, and only when the pipes have stayed quiet.
    const drainQuietPipes = (): void => {
      timers.push(
        setTimeout(() => {
          setImmediate(() => {
            if (settled) return;
            if (performance.now() - lastOutput < PIPE_DRAIN_MS) drainQuietPipes();
            else finish();
          });
        }, PIPE_DRAIN_MS),
      );
    };
    if (req.opts?.keepStdout !== false) child.stdout.on('data', collect(out));
    const onStdout = req.opts?.onStdout;
    // Decoded across chunks: a character split between two reads reaches onStdout whole.
    const decoder = new StringDecoder('utf8');
    if (onStdout) child.stdout.on('data', (b: Buffer) => overLimit || onStdout(decoder.write(b)));
    child.stderr.on('data', collect(err));
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('close', () => {
        openPipes -= 1;
        maybeFinish();
      });
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (child.pid === undefined) {
        spawnError = `${e.code ?? 'error'}: cannot run ${req.command[0]}: ${e.message}`;
        exit = { code: null, signal: null };
        finish();
      }
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      lastOutput = performance.now();
      drainQuietPipes();
      maybeFinish();
    });

    if (req.opts?.timeoutMs !== undefined) {
      timers.push(
        setTimeout(() => {
          if (exit) return;
          timedOut = true;
          stopGroup();
        }, req.opts.timeoutMs),
      );
    }

    child.stdin?.on('error', () => {
      // the process exited without reading all of its stdin (EPIPE); its result says what happened
    });
    const signal = req.opts?.signal;
    if (signal) {
      if (signal.aborted) stopGroup();
      else signal.addEventListener('abort', stopGroup, { once: true });
    }
    if (req.opts?.input) req.opts.input.pipe(child.stdin!);
    else if (req.opts?.stdin !== undefined) child.stdin!.end(req.opts.stdin);
  });
}
