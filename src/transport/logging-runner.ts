import { stdoutBytes, type CommandResult, type CommandRunner, type RunOptions } from './command-runner.js';
import { displayArgv } from './describe-connection.js';

/** Where the debug log goes: one line (or block) per call; the clock stamps it. */
export interface CommandLog {
  write(text: string): void;
  now(): Date;
}

/** One debug line about `host`, stamped by the log's clock. */
export function logDebug(log: CommandLog, host: string, text: string): void {
  log.write(`${log.now().toISOString()} [DEBUG] ${host}: ${text}\n`);
}

function indent(text: string): string {
  return text.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
}

/**
 * A runner that logs every command it runs on `host` in full (argv, stdin size, exit, timing,
 * stderr): what LVSPLAN_LOG shows, so diagnostics can stay short.
 */
export function loggingRunner(host: string, inner: CommandRunner, log: CommandLog): CommandRunner {
  return {
    async run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
      const stdin = opts?.stdin === undefined ? '' : ` (stdin ${Buffer.byteLength(opts.stdin)} bytes)`;
      log.write(`${log.now().toISOString()} [DEBUG] ${host}: run${stdin}:\n${indent(displayArgv(argv))}\n`);
      const r = await inner.run(argv, opts);
      const end = r.spawnError ? `could not start: ${r.spawnError}` : r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
      const stderr = r.stderr.trim() === '' ? '' : `\n  stderr:\n${indent(r.stderr)}`;
      logDebug(log, host, `${end} after ${Math.round(r.durationMs)} ms, stdout ${stdoutBytes(r)} bytes${stderr}`);
      return r;
    },
    close: () => inner.close(),
  };
}
