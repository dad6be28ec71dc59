/** Options for one command run. */
export interface RunOptions {
  /** Text written to the command's stdin, which is then closed. Without it stdin is closed at once. */
  stdin?: string;
  /** Kill the command's whole process group (SIGTERM, then SIGKILL) when it runs longer than this. */
  timeoutMs?: number;
  /** Kill the command's process group once stdout plus stderr exceed this many bytes (default MAX_OUTPUT_BYTES). */
  maxOutputBytes?: number;
  /** Instead of `stdin`: a stream piped to the command's stdin for as long as it runs (closed when the stream ends). */
  input?: NodeJS.ReadableStream;
  /** Called with each piece of stdout as it arrives (it is still collected into the result, unless keepStdout is false). */
  onStdout?: (text: string) => void;
  /** false: stdout only reaches onStdout, the result's is empty (a command that prints for as long as it lives: the apply lock holder). */
  keepStdout?: boolean;
  /** Aborting kills the command's process group (SIGTERM, then SIGKILL). */
  signal?: AbortSignal;
}

/** A host's output is untrusted: no command may send more than this (the largest real -Sn is a few MB). */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The outcome of one command. A command that fails, is killed or cannot start is still a result,
 * never an exception.
 */
export interface CommandResult {
  /** The argv the caller asked to run on the host (without any transport prefix). */
  argv: string[];
  /** Exit status, or null when the process was killed by a signal or never started. */
  exitCode: number | null;
  /** Name of the terminating signal (e.g. 'SIGTERM'), or null. */
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Set when the process could not be started at all (e.g. ENOENT for the program). */
  spawnError?: string;
  /** True when the run was ended because it exceeded RunOptions.timeoutMs. */
  timedOut?: boolean;
  /** Set when the run was ended because its output exceeded RunOptions.maxOutputBytes; the output is cut there. */
  outputLimit?: number;
}

/** Runs argv arrays on one host. */
export interface CommandRunner {
  run(argv: string[], opts?: RunOptions): Promise<CommandResult>;
  /** Releases what the runner holds open (e.g. an SSH master connection). Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * The pieces each spawned process's stdout arrived in, by the result made for it. A large output (a director's
 * 13 MB read) is parsed from them (stdoutOf) without the one joined string, which `stdout` makes only when
 * read. A copy of a result, with its own stdout or not, is not in here: its stdout is its text.
 */
const stdoutPieces = new WeakMap<CommandResult, readonly Buffer[]>();

/** `result`, whose stdout is the pieces joined, as a result whose pieces stdoutOf gives. */
export function withStdoutPieces<R extends CommandResult>(result: R, pieces: readonly Buffer[]): R {
  stdoutPieces.set(result, pieces);
  return result;
}

/** The result's stdout as the pieces it arrived in when they were kept, else as its text. */
export function stdoutOf(result: CommandResult): string | readonly Buffer[] {
  return stdoutPieces.get(result) ?? result.stdout;
}

/** The size of the result's stdout in bytes. */
export function stdoutBytes(result: CommandResult): number {
  const pieces = stdoutPieces.get(result);
  if (pieces === undefined) return Buffer.byteLength(result.stdout);
  let n = 0;
  for (const p of pieces) n += p.length;
  return n;
}

export function succeeded(result: CommandResult): boolean {
  return result.exitCode === 0 && result.spawnError === undefined && !result.timedOut && result.outputLimit === undefined;
}
