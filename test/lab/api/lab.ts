import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoadLoop, type LoadLoop } from './load-loop.js';
import { resetHost } from './reset.js';
import { check, runArgv, type RunOptions, type RunResult } from './run.js';
import { loadTopology, type LabHost, type LabTopology } from './topology.js';

export type { LabHost, LabTopology, RunResult, LoadLoop };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The package's bin, run as a user runs it (its shebang gives node's flags): one esbuild bundle. Under TCG,
 * loading tsc's ~360 modules of dist/src instead took 30-60 s per command.
 */
export const LVSPLAN_BIN = resolve(REPO_ROOT, 'dist/lvsplan.mjs');

// The e2e test API. It runs inside the lab VM, so every call is a local command:
// a host is entered with nsenter (its network, mount and UTS namespaces, as its sshd sees them).
export class Lab {
  readonly topology: LabTopology;

  constructor(topology: LabTopology = loadTopology()) {
    this.topology = topology;
  }

  get vip(): string {
    return this.topology.vip;
  }

  host(name: string): LabHost {
    const host = this.topology.hosts.find((h) => h.name === name || h.address === name);
    if (!host) throw new Error(`no host ${name} in lab topology ${this.topology.name}`);
    return host;
  }

  address(name: string): string {
    return this.host(name).address;
  }

  enter(name: string): string[] {
    return ['nsenter', '-t', String(this.host(name).pid), '-m', '-n', '-u', '-r', '-w', '--'];
  }

  exec(host: string, argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return runArgv([...this.enter(host), ...argv], options);
  }

  async mustExec(host: string, argv: readonly string[], options: RunOptions = {}): Promise<string> {
    return check([host, ...argv], await this.exec(host, argv, options)).stdout;
  }

  // As the operator would: OpenSSH from the VM's root namespace with the lab's ssh config.
  ssh(host: string, command: string, options: RunOptions = {}): Promise<RunResult> {
    return runArgv(['ssh', this.address(host), command], { ...options, env: this.operatorEnv() });
  }

  ipvsSave(director = 'director'): Promise<string> {
    return this.mustExec(director, ['ipvsadm', '-Sn']);
  }

  ipvsList(director = 'director', extra: readonly string[] = []): Promise<string> {
    return this.mustExec(director, ['ipvsadm', '-Ln', ...extra]);
  }

  async sysctl(host: string, name: string): Promise<string> {
    return (await this.mustExec(host, ['sysctl', '-n', name])).trim();
  }

  // n sequential requests from a host; each answer's body (trimmed), or "curl-failed:<exit>".
  async curl(fromHost: string, url: string, n = 1, timeoutSeconds = 5): Promise<string[]> {
    const script = 'i=0; while [ $i -lt "$2" ]; do curl -s -m "$3" "$1" || echo "curl-failed:$?"; echo; i=$((i+1)); done';
    const out = await this.mustExec(fromHost, ['sh', '-c', script, 'curl-loop', url, String(n), String(timeoutSeconds)]);
    return out.split('\n').map((l) => l.trim()).filter(Boolean);
  }

  lvsplan(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return runArgv([LVSPLAN_BIN, ...args], {
      cwd: REPO_ROOT,
      ...options,
      env: { ...this.operatorEnv(), ...options.env },
    });
  }

  loadLoop({ from = 'client', url = `http://${this.vip}/`, count = 1_000_000, seconds = 60, timeoutSeconds = 2 } = {}): LoadLoop {
    return startLoadLoop(this.enter(from), url, count, seconds, timeoutSeconds);
  }

  // Link down/up on the bridge side of a host's veth: the host stays configured but unreachable.
  async cutLink(host: string): Promise<void> {
    check(['cutLink', host], await runArgv(['ip', 'link', 'set', `veth-${this.host(host).name}`, 'down']));
  }

  async restoreLink(host: string): Promise<void> {
    check(['restoreLink', host], await runArgv(['ip', 'link', 'set', `veth-${this.host(host).name}`, 'up']));
  }

  // Every host back to its state at topology creation: empty IPVS table, no extra addresses,
  // sysctls as they were, no lvsplan state; links up. SSH control masters are kept (new connections cost seconds under TCG).
  async reset(): Promise<void> {
    await Promise.all(this.topology.hosts.map((h) => runArgv(['ip', 'link', 'set', `veth-${h.name}`, 'up'])));
    await Promise.all(this.topology.hosts.map((h) => resetHost(this, h)));
  }

  operatorEnv(): NodeJS.ProcessEnv {
    return { ...process.env, HOME: '/root' };
  }
}

let shared: Lab | undefined;

export function lab(): Lab {
  shared ??= new Lab();
  return shared;
}
