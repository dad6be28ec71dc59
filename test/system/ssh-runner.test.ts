import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSpec } from '../../src/model/hosts.js';
import { classifyFailure } from '../../src/transport/classify.js';
import type { CommandRunner } from '../../src/transport/command-runner.js';
import { failureKind, isConnectionFailure } from '../../src/transport/failure-kind.js';
import { makeRunner } from '../../src/transport/make-runner.js';
import { SshRunner } from '../../src/transport/ssh-runner.js';
import { HOSTILE, randomStrings, splitNul } from '../transport/support/hostile-strings.js';
import { processAlive } from '../transport/support/process-alive.js';
import { freePort, silentServer, sshdUnavailable, startSshd, type TestSshd } from '../transport/support/sshd.js';

const unavailable = sshdUnavailable();
if (unavailable) {
  describe('SshRunner against a real sshd', () => {
    it('needs sshd (the system project runs as root on a prepared machine)', () => {
      throw new Error(`cannot run the ssh transport tests: ${unavailable}`);
    });
  });
}

type SshSpec = Extract<ConnectionSpec, { type: 'ssh' }>;

describe.skipIf(unavailable !== undefined)('SshRunner against a real sshd', () => {
  let sshd: TestSshd;
  const opened: CommandRunner[] = [];

  const spec = (over: Partial<SshSpec> = {}): SshSpec => ({
    type: 'ssh',
    host: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    identityFile: sshd.identity,
    timeout: 5,
    ...over,
  });
  const runner = (over: Partial<SshSpec> = {}, extraOptions: string[] = [], sshConfigFile = sshd.clientConfig): SshRunner => {
    const r = new SshRunner(spec(over), { sshConfigFile, extraOptions, controlPersistSeconds: 30 });
    opened.push(r);
    return r;
  };

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await Promise.all(opened.map((r) => r.close()));
    await sshd?.stop();
  });

  it('runs a command and returns its output and status', async () => {
    const r = await runner().run(['sh', '-c', 'echo "$USER:$0"; echo warn >&2; exit 7']);
    expect(r).toMatchObject({ exitCode: 7, stdout: 'root:sh\n', stderr: 'warn\n', signal: null });
    expect(r.argv).toEqual(['sh', '-c', 'echo "$USER:$0"; echo warn >&2; exit 7']);
  });

  it('delivers hostile argv intact through the remote shell', async () => {
    const args = [...HOSTILE, ...randomStrings(300, 99)];
    const r = await runner().run(['printf', '%s\\0', ...args]);
    expect(r.stderr).toBe('');
    expect(splitNul(r.stdout)).toEqual(args);
  });

  it('pipes stdin through', async () => {
    const input = 'ipvsadm restore line\n'.repeat(50_000);
    const r = await runner().run(['sh', '-c', 'cat; echo end'], { stdin: input });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${input}end\n`);
  });

  it('keeps one master connection per host and reuses it', async () => {
    const ssh = runner();
    expect(await ssh.masterAlive()).toBe(false);
    const first = await ssh.run(['sh', '-c', 'echo $SSH_CONNECTION']);
    expect(first.exitCode).toBe(0);
    expect(await ssh.masterAlive()).toBe(true);
    const second = await ssh.run(['sh', '-c', 'echo $SSH_CONNECTION']);
    // Same client port: the second command travelled over the first command's TCP connection.
    expect(second.stdout).toBe(first.stdout);
    console.log(`ssh first command ${first.durationMs.toFixed(1)} ms (connect + login), second over the master ${second.durationMs.toFixed(1)} ms, ratio ${(first.durationMs / second.durationMs).toFixed(1)}x`);
  });

  it('shares the master between concurrent first commands', async () => {
    const ssh = runner();
    const results = await Promise.all(Array.from({ length: 6 }, () => ssh.run(['sh', '-c', 'echo $SSH_CONNECTION'])));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
  });

  it('close() tears the master down', async () => {
    const ssh = runner();
    await ssh.run(['true']);
    const pid = masterPid(ssh);
    expect(processAlive(pid)).toBe(true);
    expect(await ssh.masterPid()).toBe(pid);
    await ssh.close();
    expect(await ssh.masterAlive()).toBe(false);
    await waitUntil(() => !processAlive(pid));
    expect(processAlive(pid)).toBe(false);
    await ssh.close();
  });

  it("goes through the user's own master (ControlPath from their ssh_config) when it is up, and leaves it running", async () => {
    const config = join(sshd.dir, 'ssh_config_user_master');
    writeFileSync(config, `${readFileSync(sshd.clientConfig, 'utf8')}  ControlPath ${sshd.dir}/user-%C\n`);
    const before = runner({}, [], config);
    await before.run(['true']);
    expect(before.usesUserMaster).toBe(false);

    const userSsh = ['ssh', '-F', config, '-p', String(sshd.port), '-l', 'root', '-i', sshd.identity];
    const master = spawnSync(userSsh[0]!, [...userSsh.slice(1), '-o', 'ControlMaster=yes', '-o', 'ControlPersist=60', '-f', '-N', '127.0.0.1'], { encoding: 'utf8' });
    expect(master.status, master.stderr).toBe(0);
    const viaUserMaster = spawnSync(userSsh[0]!, [...userSsh.slice(1), '127.0.0.1', 'echo $SSH_CONNECTION'], { encoding: 'utf8' }).stdout;

    const ssh = runner({}, [], config);
    const r = await ssh.run(['sh', '-c', 'echo $SSH_CONNECTION']);
    expect(ssh.usesUserMaster).toBe(true);
    expect(ssh.controlPath.startsWith(`${sshd.dir}/user-`)).toBe(true);
    expect(r.stdout).toBe(viaUserMaster);
    const pid = masterPid(ssh);
    await ssh.close();
    expect(processAlive(pid)).toBe(true);

    const ignoring = new SshRunner(spec(), { sshConfigFile: config, reuseUserMaster: false });
    opened.push(ignoring);
    expect((await ignoring.run(['sh', '-c', 'echo $SSH_CONNECTION'])).stdout).not.toBe(viaUserMaster);
    expect(ignoring.usesUserMaster).toBe(false);
    spawnSync(userSsh[0]!, [...userSsh.slice(1), '-O', 'exit', '127.0.0.1']);
    await waitUntil(() => !processAlive(pid));
  });

  it('starts one ssh client per command and none to look up or end its master, unless the config names a ControlPath', async () => {
    const log = join(sshd.dir, 'ssh-starts.log');
    const counting = join(sshd.dir, 'counting-ssh');
    writeFileSync(counting, `#!/bin/sh\necho "$*" >> '${log}'\nexec ssh "$@"\n`, { mode: 0o755 });
    const starts = async (config: string): Promise<string[]> => {
      writeFileSync(log, '');
      const ssh = new SshRunner(spec(), { sshConfigFile: config, sshBinary: counting, controlPersistSeconds: 30 });
      expect((await ssh.run(['true'])).exitCode).toBe(0);
      expect((await ssh.run(['true'])).exitCode).toBe(0);
      const pid = (await ssh.masterPid())!;
      await ssh.close();
      await waitUntil(() => !processAlive(pid));
      expect(processAlive(pid)).toBe(false);
      return readFileSync(log, 'utf8').trim().split('\n');
    };
    const plain = await starts(sshd.clientConfig);
    expect(plain).toHaveLength(2);
    expect(plain.every((argv) => argv.endsWith('127.0.0.1 true'))).toBe(true);

    const naming = join(sshd.dir, 'ssh_config_naming');
    writeFileSync(naming, `${readFileSync(sshd.clientConfig, 'utf8')}  ControlPath ${sshd.dir}/nobody-%C\n`);
    const withLookup = await starts(naming);
    expect(withLookup).toHaveLength(3);
    expect(withLookup[0]).toMatch(/ -G -- 127\.0\.0\.1$/);
  });

  it('makeRunner builds an ssh runner from a connection spec', async () => {
    const r = makeRunner(spec(), { sshConfigFile: sshd.clientConfig });
    opened.push(r);
    expect(r).toBeInstanceOf(SshRunner);
    expect((await r.run(['echo', 'via factory'])).stdout).toBe('via factory\n');
  });

  it('connects through a bastion with ProxyJump', async () => {
    const viaBastion = runner({ host: '127.0.0.2', bastion: `root@127.0.0.1:${sshd.port}` }, [], sshd.jumpClientConfig);
    const r = await viaBastion.run(['echo', 'jumped']);
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ exitCode: 0, stdout: 'jumped\n' });
    const closedPort = await freePort();
    const deadBastion = runner({ host: '127.0.0.2', bastion: `root@127.0.0.1:${closedPort}` }, [], sshd.jumpClientConfig);
    const failed = await deadBastion.run(['echo', 'jumped']);
    expect(failed.exitCode).toBe(255);
    // The hop's own error is not passed on; the target connection just closes.
    const d = classifyFailure('rs1', deadBastion.spec, failed)!;
    expect(d.summary).toBe('Host "rs1" closed the SSH connection');
    expect(d.detail).toContain(`via root@127.0.0.1:${closedPort}`);
    expect(d.detail).toContain('bastion');
  });

  it('kills a command that exceeds its timeout', async () => {
    const ssh = runner();
    await ssh.run(['true']);
    const r = await ssh.run(['sleep', '5'], { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(failureKind(ssh.spec, r)).toBe('timed-out');
  });

  it('does not mistake a command exiting 255 for a connection failure', async () => {
    const ssh = runner();
    const r = await ssh.run(['sh', '-c', 'echo "No such service" >&2; exit 255']);
    expect(r.exitCode).toBe(255);
    expect(failureKind(ssh.spec, r)).toBe('exit-status');
    expect(isConnectionFailure(failureKind(ssh.spec, r))).toBe(false);
  });

  describe('failures become diagnostics', () => {
    it('connection refused on a closed port', async () => {
      const port = await freePort();
      const ssh = runner({ port });
      const r = await ssh.run(['true']);
      expect(r.exitCode).toBe(255);
      const d = classifyFailure('lb1', ssh.spec, r)!;
      expect(d.severity).toBe('error');
      expect(d.summary).toBe('Connection refused by host "lb1"');
      expect(d.detail).toContain(`root@127.0.0.1:${port}`);
      expect(d.detail).toContain(`listening on port ${port}`);
      expect(isConnectionFailure(failureKind(ssh.spec, r))).toBe(true);
    });

    it('connect timeout when the server never answers, within the timeout', async () => {
      const silent = await silentServer();
      try {
        const ssh = runner({ port: silent.port, timeout: 1 });
        const r = await ssh.run(['true']);
        expect(r.durationMs).toBeGreaterThanOrEqual(900);
        expect(r.durationMs).toBeLessThan(4000);
        const d = classifyFailure('rs1', ssh.spec, r)!;
        expect(d.summary).toBe('Timed out connecting to host "rs1"');
        expect(d.detail).toContain(`reachable on port ${silent.port}`);
        expect(d.detail).toContain('BatchMode=yes');
      } finally {
        await silent.close();
      }
    });

    it('name not resolved', async () => {
      const ssh = runner({ host: 'lvsplan-no-such-host.invalid' });
      const r = await ssh.run(['true']);
      expect(classifyFailure('rs2', ssh.spec, r)!.summary).toBe('Cannot resolve the name of host "rs2"');
    });

    it('refused key', async () => {
      const ssh = runner({ identityFile: sshd.otherIdentity });
      const r = await ssh.run(['true']);
      expect(r.stderr).toMatch(/Permission denied \(publickey/);
      const d = classifyFailure('lb1', ssh.spec, r)!;
      expect(d.summary).toBe('Host "lb1" refused the SSH key');
      expect(d.detail).toContain('authorized_keys');
      expect(d.detail).toContain('ssh-agent or identity_file');
    });

    it('host key verification failed', async () => {
      const ssh = runner({}, [`UserKnownHostsFile=${sshd.wrongKnownHosts}`]);
      const r = await ssh.run(['true']);
      const d = classifyFailure('lb1', ssh.spec, r)!;
      expect(d.summary).toBe('Host key verification failed for host "lb1"');
      expect(d.detail).toContain('known_hosts');
    });

    it('missing command on the remote host', async () => {
      const ssh = runner();
      const r = await ssh.run(['lvsplan-no-such-command', '-Sn']);
      expect(r.exitCode).toBe(127);
      const d = classifyFailure('lb1', ssh.spec, r)!;
      expect(d.summary).toBe('Command "lvsplan-no-such-command" not found on host "lb1"');
      expect(d.detail).toContain('lvsplan-no-such-command -Sn');
    });

    it('permission denied on the remote host', async () => {
      const ssh = runner();
      const r = await ssh.run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'ip', 'link', 'add', 'lvsplan-t0', 'type', 'dummy']);
      expect(r.exitCode).not.toBe(0);
      const d = classifyFailure('lb1', ssh.spec, r)!;
      expect(d.summary).toBe('Permission denied running "setpriv" on host "lb1"');
      expect(d.detail).toMatch(/Operation not permitted/);
      expect(d.detail).toContain('root');
    });

    it('ssh client missing', async () => {
      const ssh = new SshRunner(spec(), { sshBinary: '/nonexistent/lvsplan/ssh' });
      const r = await ssh.run(['true']);
      expect(classifyFailure('lb1', ssh.spec, r)!.summary).toBe('The ssh client is not installed');
      await ssh.close();
    });

    it('invalid connection settings are refused before connecting', async () => {
      const ssh = runner({ host: '-oProxyCommand=touch /tmp/pwned' });
      const r = await ssh.run(['true']);
      expect(r.durationMs).toBe(0);
      expect(classifyFailure('lb1', ssh.spec, r)!.summary).toBe('Invalid connection settings for host "lb1"');
    });
  });
});

/** The master's pid, from `ssh -O check` ("Master running (pid=N)"). */
function masterPid(ssh: SshRunner): number {
  const out = spawnSync('ssh', ['-F', '/dev/null', '-o', `ControlPath=${ssh.controlPath}`, '-O', 'check', 'x'], { encoding: 'utf8' });
  const m = /pid=(\d+)/.exec(out.stderr);
  if (!m) throw new Error(`no master pid in: ${out.stderr}`);
  return Number(m[1]);
}

async function waitUntil(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}
