import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

/** Why a real sshd cannot be started here, or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is missing: install openssh-server (test/lab/setup.sh does this in CI)`;
  if (process.getuid?.() !== 0) return 'the sshd tests must run as root (sshd needs privilege separation and a root login)';
  return undefined;
}

export interface TestSshd {
  port: number;
  dir: string;
  /** ssh_config for the client: pinned known_hosts, no agent, only the given identity. */
  clientConfig: string;
  /** clientConfig plus the authorized identity, for ProxyJump hops. */
  jumpClientConfig: string;
  /** Authorized key. */
  identity: string;
  /** A valid key that is not authorized. */
  otherIdentity: string;
  /** known_hosts that holds a different key for this server. */
  wrongKnownHosts: string;
  log(): string;
  stop(): Promise<void>;
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lvsplan-test', '-f', path]);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A TCP server that accepts connections and never says anything (to make ssh time out). */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((r) => server.close(() => r()));
    },
  };
}

async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${log()}`);
    const banner = await new Promise<string>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      s.setTimeout(1000, () => s.destroy());
      s.once('data', (d) => {
        resolve(d.toString());
        s.destroy();
      });
      s.once('error', () => resolve(''));
      s.once('close', () => resolve(''));
    });
    if (banner.startsWith('SSH-2.0')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not come up on port ${port}:\n${log()}`);
}

/** Starts a real sshd on 127.0.0.1 with fresh host and client keys. */
export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-sshd-'));
  const hostKey = join(dir, 'host_key');
  const identity = join(dir, 'client_key');
  const otherIdentity = join(dir, 'other_key');
  [hostKey, identity, otherIdentity].forEach(keygen);
  const otherHostKey = join(dir, 'other_host_key');
  keygen(otherHostKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${identity}.pub`));

  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      'ListenAddress 127.0.0.2',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'UseDNS no',
      'StrictModes no',
      'PrintMotd no',
      'AllowTcpForwarding yes',
      'MaxStartups 100:30:200',
      'MaxSessions 100',
      '',
    ].join('\n'),
  );

  const known = (keyFile: string): string => {
    const [type, key] = readFileSync(`${keyFile}.pub`, 'utf8').split(' ');
    return `[127.0.0.1]:${port} ${type} ${key}\n[127.0.0.2]:${port} ${type} ${key}\n`;
  };
  writeFileSync(join(dir, 'known_hosts'), known(hostKey));
  const wrongKnownHosts = join(dir, 'wrong_known_hosts');
  writeFileSync(wrongKnownHosts, known(otherHostKey));

  const clientConfig = join(dir, 'ssh_config');
  const clientLines = [
      'Host *',
      '  User root',
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      '  StrictHostKeyChecking yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  PasswordAuthentication no',
  ];
  writeFileSync(clientConfig, [...clientLines, ''].join('\n'));
  // OpenSSH passes -F, but not -i or -o, on to the ssh it starts for a ProxyJump hop.
  const jumpClientConfig = join(dir, 'ssh_config_jump');
  writeFileSync(jumpClientConfig, [...clientLines, `  IdentityFile ${identity}`, ''].join('\n'));

  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let logText = '';
  child.stderr!.on('data', (d: Buffer) => (logText += d.toString()));
  const log = (): string => logText;
  await waitForBanner(port, child, log);

  return {
    port,
    dir,
    clientConfig,
    jumpClientConfig,
    identity,
    otherIdentity,
    wrongKnownHosts,
    log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
