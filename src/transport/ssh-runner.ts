import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionSpec } from '../model/hosts.js';
import type { CommandResult, CommandRunner, RunOptions } from './command-runner.js';
import { acquireControlDir, releaseControlDir } from './control-dir.js';
import { sshConfigMayNameControlPath } from './ssh-config-control-path.js';
import { masterPidAt, stopMasterAt } from './ssh-mux-control.js';
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
  /** Use the master the user's own ssh_config names (ControlPath, as `ssh -G` reports it) when it is up; default true. */
  reuseUserMaster?: boolean;
}

/** The control socket commands go through: the user's own master (left running) or one this runner starts and ends. */
interface ControlRoute {
  path: string;
  owned: boolean;
}

const DEFAULT_CONTROL_PERSIST_SECONDS = 60;
const MASTER_POLL_MS = 20;
/** How long a master may take to answer a check or an exit request on its control socket. */
const CONTROL_TIMEOUT_MS = 10_000;
let runnerCount = 0;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs argv on a remote host through the system OpenSSH client, sharing one master connection. */
export class SshRunner implements CommandRunner {
  readonly spec: SshSpec;
  private ownSocket: string | undefined;
  private route: ControlRoute | undefined;
  private routing: Promise<ControlRoute> | undefined;
  private readonly options: SshRunnerOptions;
  private readonly problems: string[];
  private firstRun: Promise<unknown> | undefined;

  constructor(spec: SshSpec, options: SshRunnerOptions = {}) {
    this.spec = spec;
    this.options = options;
    this.problems = sshSpecProblems(spec);
  }

  /** The control socket in use: the user's master once found, else this runner's own (made on first use). */
  get controlPath(): string {
    return this.route?.path ?? this.ownControlPath();
  }

  /** True when commands go through a master the user started (found with `ssh -G`), which close() leaves running. */
  get usesUserMaster(): boolean {
    return this.route?.owned === false;
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
    await this.resolveRoute();
    // The first command to a host creates the master; the others wait for it and then share it,
    // instead of racing to create masters of their own.
    if (this.firstRun) await this.masterReadyOr(this.firstRun);
    const running = spawnProcess({ command: this.commandFor(argv), reportedArgv: argv, opts });
    this.firstRun ??= running;
    return running;
  }

  /** The pid of the master connection commands go through, when one is up (what `ssh -O check` says). */
  async masterPid(): Promise<number | undefined> {
    const path = this.route?.path ?? this.ownSocket;
    return path === undefined ? undefined : masterPidAt(path, CONTROL_TIMEOUT_MS);
  }

  async masterAlive(): Promise<boolean> {
    return (await this.masterPid()) !== undefined;
  }

  /** Ends the master connection this runner started (as `ssh -O exit`); the user's own master stays up. */
  async close(): Promise<void> {
    if (this.routing) await this.routing;
    if (this.firstRun) await this.firstRun.catch(() => undefined);
    if (this.route?.owned && existsSync(this.route.path)) await stopMasterAt(this.route.path, CONTROL_TIMEOUT_MS);
    if (this.ownSocket !== undefined) releaseControlDir();
    this.ownSocket = undefined;
    this.route = undefined;
    this.routing = undefined;
    this.firstRun = undefined;
  }

  private ownControlPath(): string {
    if (this.ownSocket === undefined) {
      runnerCount += 1;
      this.ownSocket = join(acquireControlDir(), `c${runnerCount}`);
    }
    return this.ownSocket;
  }

  private resolveRoute(): Promise<ControlRoute> {
    this.routing ??= this.userMasterSocket().then((path) => {
      this.route = path === undefined ? { path: this.ownControlPath(), owned: true } : { path, owned: false };
      return this.route;
    });
    return this.routing;
  }

  /** The socket of a master the user's ssh_config names for this host, when one is listening there. */
  private async userMasterSocket(): Promise<string | undefined> {
    if (this.options.reuseUserMaster === false) return undefined;
    if (!sshConfigMayNameControlPath(this.options.sshConfigFile, this.options.extraOptions)) return undefined;
    const r = await spawnProcess({ command: [...this.connectionArgs(), '-G', '--', this.spec.host], reportedArgv: ['ssh', '-G'], opts: { timeoutMs: 10_000 } });
    if (r.exitCode !== 0) return undefined;
    const path = /^controlpath (.+)$/m.exec(r.stdout)?.[1];
    if (path === undefined || path === 'none') return undefined;
    return statSync(path, { throwIfNoEntry: false })?.isSocket() ? path : undefined;
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

  private baseArgs(): string[] {
    const seconds = Math.max(1, Math.ceil(this.spec.timeout));
    const route = this.route ?? { path: this.ownControlPath(), owned: true };
    const persist = this.options.controlPersistSeconds ?? DEFAULT_CONTROL_PERSIST_SECONDS;
    const control = route.owned
      ? ['-o', 'ControlMaster=auto', '-o', `ControlPath=${route.path}`, '-o', `ControlPersist=${persist}`]
      : ['-o', 'ControlMaster=no', '-o', `ControlPath=${route.path}`];
    const [program, ...rest] = this.connectionArgs();
    return [
      program!,
      '-o', 'BatchMode=yes',
      '-o', `ConnectTimeout=${seconds}`,
      // A host that goes away mid-command fails the command within about three timeouts instead of hanging.
      '-o', `ServerAliveInterval=${seconds}`,
      '-o', 'ServerAliveCountMax=2',
      ...control,
      ...rest,
    ];
  }

  /** The program, config file, extra options and the spec's port, user, identity and jump host: everything but the control socket. */
  private connectionArgs(): string[] {
    const { spec, options } = this;
    const args = [options.sshBinary ?? 'ssh'];
    if (options.sshConfigFile !== undefined) args.push('-F', options.sshConfigFile);
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
