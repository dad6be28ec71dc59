import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionSpec } from '../model/hosts.js';
import type { CommandResult, CommandRunner, RunOptions } from './command-runner.js';
import { acquireControlDir, releaseControlDir } from './control-dir.js';
import { shellQuote } from './shell-quote.js';
import { spawnProcess } from './spawn-process.js';
import { sshSpecProblems } from './ssh-spec-check.js';

export type SshSpec = Extract<ConnectionSpec, { type: 'ssh' }>;

export interface SshRunnerOptions {
  /** ssh client program; default 'ssh' from PATH. */
  sshBinary?: string;
  /** An ssh_config file passed with -F instead of ~/.ssh/config (tests, the lab). */
  sshConfigFile?: string;
  /** Extra `-o Key=Value` options, each given as 'Key=Value'. */
  extraOptions?: string[];
  /** Seconds the master connection lingers after its last use. */
  controlPersistSeconds?: number;
}

const DEFAULT_CONTROL_PERSIST_SECONDS = 60;
const MASTER_POLL_MS = 20;
let runnerCount = 0;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs argv on a remote host through the system OpenSSH client, sharing one master connection. */
export class SshRunner implements CommandRunner {
  readonly spec: SshSpec;
  private socket: string | undefined;
  private readonly options: SshRunnerOptions;
  private readonly problems: string[];
  private firstRun: Promise<unknown> | undefined;

  constructor(spec: SshSpec, options: SshRunnerOptions = {}) {
    this.spec = spec;
    this.options = options;
    this.problems = sshSpecProblems(spec);
  }

  /** Where this runner's master socket lives while the runner is open. */
  get controlPath(): string {
    if (this.socket === undefined) {
      runnerCount += 1;
      this.socket = join(acquireControlDir(), `c${runnerCount}`);
    }
    return this.socket;
  }

  /** The ssh argv (program first) that runs `argv` remotely; exposed for inspection and tests. */
  commandFor(argv: readonly string[]): string[] {
    return [...this.baseArgs(), '-T', '--', this.spec.host, shellQuote(argv)];
  }

  async run(argv: string[], opts?: RunOptions): Promise<CommandResult> {
    if (this.problems.length > 0) {
      return invalid(argv, `invalid ssh connection: ${this.problems.join('; ')}`);
    }
    if (argv.some((a) => a.includes('\0'))) return invalid(argv, 'invalid command: an argument contains a NUL byte');
    // The first command to a host creates the master; the others wait for it and then share it,
    // instead of racing to create masters of their own.
    if (this.firstRun) await this.masterReadyOr(this.firstRun);
    const running = spawnProcess({ command: this.commandFor(argv), reportedArgv: argv, opts });
    this.firstRun ??= running;
    return running;
  }

  /** True when a master connection is up (`ssh -O check`). */
  async masterAlive(): Promise<boolean> {
    if (this.socket === undefined || !existsSync(this.socket)) return false;
    const r = await spawnProcess({ command: this.controlCommand('check'), reportedArgv: ['ssh', '-O', 'check'], opts: { timeoutMs: 10_000 } });
    return r.exitCode === 0;
  }

  /** Ends the master connection (`ssh -O exit`). */
  async close(): Promise<void> {
    if (this.socket === undefined) return;
    if (this.firstRun) await this.firstRun.catch(() => undefined);
    if (existsSync(this.socket)) {
      await spawnProcess({ command: this.controlCommand('exit'), reportedArgv: ['ssh', '-O', 'exit'], opts: { timeoutMs: 10_000 } });
    }
    this.socket = undefined;
    this.firstRun = undefined;
    releaseControlDir();
  }

  /** Resolves when the master's socket appears or the first command has finished, whichever is first. */
  private async masterReadyOr(first: Promise<unknown>): Promise<void> {
    let done = false;
    first.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done && !existsSync(this.controlPath)) await sleep(MASTER_POLL_MS);
  }

  private controlCommand(op: 'check' | 'exit'): string[] {
    return [...this.baseArgs(), '-O', op, '--', this.spec.host];
  }

  private baseArgs(): string[] {
    const { spec, options } = this;
    const persist = options.controlPersistSeconds ?? DEFAULT_CONTROL_PERSIST_SECONDS;
    const seconds = Math.max(1, Math.ceil(spec.timeout));
    const args = [options.sshBinary ?? 'ssh'];
    if (options.sshConfigFile !== undefined) args.push('-F', options.sshConfigFile);
    args.push(
      '-o', 'BatchMode=yes',
      '-o', `ConnectTimeout=${seconds}`,
      // A host that goes away mid-command fails the command within about three timeouts instead of hanging.
      '-o', `ServerAliveInterval=${seconds}`,
      '-o', 'ServerAliveCountMax=2',
      '-o', 'ControlMaster=auto',
      '-o', `ControlPath=${this.controlPath}`,
      '-o', `ControlPersist=${persist}`,
    );
    for (const o of options.extraOptions ?? []) args.push('-o', o);
    if (spec.port !== undefined) args.push('-p', String(spec.port));
    if (spec.user !== undefined) args.push('-l', spec.user);
    if (spec.identityFile !== undefined) args.push('-i', spec.identityFile);
    if (spec.bastion !== undefined) args.push('-J', spec.bastion);
    return args;
  }
}

function invalid(argv: string[], spawnError: string): CommandResult {
  return { argv: [...argv], exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0, spawnError };
}
