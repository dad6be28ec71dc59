import { spawn } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** sees stdout as it arrives, e.g. to act at a given point of a long command */
  onStdout?: (chunk: string) => void;
}

/** The time limit of one command unless the caller gives timeoutMs. */
export const DEFAULT_TIMEOUT_MS = 300_000;

const EXIT_GRACE_MS = 5_000;

// Runs argv (never a shell string built from values) and collects its output; never rejects on exit codes.
export function runArgv(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      options.onStdout?.(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const limitMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let cut = false;
    const timer = setTimeout(() => {
      cut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${argv[0]}: ${error.message}`));
    });
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (cut) stderr += `\nlab API: ${argv.join(' ')} was cut (SIGKILL) after ${limitMs / 1000} s, its time limit; pass a larger timeoutMs if it needs longer.\n`;
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    };
    child.on('close', finish);
    // A process it left behind (an ssh master of a killed lvsplan) may hold its pipes open: once it has exited,
    // its output is what arrived within a grace period.
    child.on('exit', (code, signal) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      }, EXIT_GRACE_MS).unref();
    });
    // A command that exits without reading its stdin makes this write fail with EPIPE; its result says what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export function check(argv: readonly string[], result: RunResult): RunResult {
  if (result.code !== 0) {
    throw new Error(`${argv.join(' ')} exited ${result.code}\n${result.stderr}${result.stdout}`);
  }
  return result;
}
