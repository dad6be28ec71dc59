import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionSpec } from '../../src/model/hosts.js';
import { classifyFailure } from '../../src/transport/classify.js';
import { describeConnection } from '../../src/transport/describe-connection.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { failureKind } from '../../src/transport/failure-kind.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { SshRunner } from '../../src/transport/ssh-runner.js';
import { sshSpecProblems } from '../../src/transport/ssh-spec-check.js';

const local: ConnectionSpec = { type: 'local' };
const ssh = (over: Partial<Extract<ConnectionSpec, { type: 'ssh' }>> = {}): Extract<ConnectionSpec, { type: 'ssh' }> => ({
  type: 'ssh',
  host: '192.0.2.10',
  timeout: 10,
  ...over,
});

describe('classifyFailure on real local commands', () => {
  it('is null for success', async () => {
    expect(classifyFailure('h', local, await new LocalRunner().run(['true']))).toBeNull();
  });

  it('names a missing program and its package', async () => {
    const spec: ConnectionSpec = { type: 'exec', command: ['env', 'PATH=/nonexistent'] };
    const r = await new ExecRunner(spec.command).run(['ipvsadm', '-Sn']);
    expect(r.exitCode).toBe(127);
    const d = classifyFailure('lb1', spec, r)!;
    expect(d.summary).toBe('Command "ipvsadm" not found on host "lb1"');
    expect(d.detail).toContain('package "ipvsadm"');
    expect(d.detail).toContain('Host "lb1" (exec env PATH=/nonexistent), running: ipvsadm -Sn');
  });

  it('treats a local ENOENT as a missing command', async () => {
    const r = await new LocalRunner().run(['lvsplan-no-such-program']);
    expect(failureKind(local, r)).toBe('missing-command');
  });

  it('recognises permission denied from a real EPERM', async () => {
    const spec: ConnectionSpec = { type: 'exec', command: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] };
    const r = await new ExecRunner(spec.command).run(['ip', 'link', 'add', 'lvsplan-c0', 'type', 'dummy']);
    expect(r.stderr).toMatch(/Operation not permitted/);
    expect(classifyFailure('rs1', spec, r)!.summary).toBe('Permission denied running "ip" on host "rs1"');
    const sysctl = await new ExecRunner(spec.command).run(['sysctl', '-w', 'net.ipv4.ip_forward=1']);
    expect(failureKind(spec, sysctl)).toBe('permission-denied');
  });

  it.skipIf(!existsSync('/usr/sbin/ipvsadm'))('recognises ipvsadm run without root', async () => {
    const spec: ConnectionSpec = { type: 'exec', command: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] };
    const r = await new ExecRunner(spec.command).run(['ipvsadm', '-Ln']);
    expect(r.stderr).toMatch(/must be root/);
    expect(classifyFailure('lb1', spec, r)!.detail).toContain('needs root');
  });

  it('reports timeouts, signals and plain failures', async () => {
    const runner = new LocalRunner();
    expect(classifyFailure('h', local, await runner.run(['sleep', '5'], { timeoutMs: 100 }))!.summary).toBe('Command timed out on host "h"');
    expect(classifyFailure('h', local, await runner.run(['sh', '-c', 'kill -KILL $$']))!.detail).toContain('signal SIGKILL');
    const d = classifyFailure('h', local, await runner.run(['sh', '-c', 'echo "No such service" >&2; exit 255']))!;
    expect(d.summary).toBe('Command failed on host "h"');
    expect(d.detail).toContain('exited with status 255');
    expect(d.detail).toContain('No such service');
  });

  it('keeps long output short', async () => {
    const r = await new LocalRunner().run(['sh', '-c', 'seq 1 50 >&2; exit 1']);
    const detail = classifyFailure('h', local, r)!.detail!;
    expect(detail).toContain('  6');
    expect(detail).not.toContain('  7\n');
    expect(detail).toContain('(44 more lines)');
  });

  it('attaches the subject range when given one', async () => {
    const subject = { filename: 'main.lvs', start: { line: 3, column: 1, byte: 20 }, end: { line: 3, column: 9, byte: 28 } };
    const d = classifyFailure('h', local, await new LocalRunner().run(['false']), subject)!;
    expect(d.subject).toEqual(subject);
  });
});

describe('describeConnection', () => {
  it('shows user@host:port, bracketing IPv6 and naming the bastion', () => {
    expect(describeConnection(ssh({ user: 'root', port: 2222 }))).toBe('root@192.0.2.10:2222');
    expect(describeConnection(ssh({ host: '2001:db8::1' }))).toBe('[2001:db8::1]:22');
    expect(describeConnection(ssh({ bastion: 'ops@jump' }))).toBe('192.0.2.10:22 via ops@jump');
    expect(describeConnection(local)).toBe('local');
    expect(describeConnection({ type: 'exec', command: ['docker', 'exec', '-i', 'lb 1'] })).toBe("exec docker exec -i 'lb 1'");
  });
});

describe('ssh connection checks', () => {
  it('accepts ordinary hosts, users and jump chains', () => {
    expect(sshSpecProblems(ssh({ host: 'lb1.example.com', user: 'deploy', port: 22, bastion: 'ops@jump1:2222,jump2' }))).toEqual([]);
    expect(sshSpecProblems(ssh({ host: 'fe80::1%eth0' }))).toEqual([]);
    expect(sshSpecProblems(ssh({ host: 'my_alias' }))).toEqual([]);
  });

  it('rejects values that ssh could read as options or hand to a shell', () => {
    expect(sshSpecProblems(ssh({ host: '-oProxyCommand=id' }))).toHaveLength(1);
    expect(sshSpecProblems(ssh({ host: 'a;id' }))).toHaveLength(1);
    expect(sshSpecProblems(ssh({ user: '$(id)' }))).toHaveLength(1);
    expect(sshSpecProblems(ssh({ bastion: "jump'; id; '" }))).toHaveLength(1);
    expect(sshSpecProblems(ssh({ port: 70000 }))).toHaveLength(1);
    expect(sshSpecProblems(ssh({ timeout: 0 }))).toHaveLength(1);
  });
});

describe('SshRunner command line', () => {
  it('pins batch mode, the timeout and a private control socket, and ends options before the host', async () => {
    const runner = new SshRunner(ssh({ user: 'root', port: 2222, identityFile: '/keys/id', bastion: 'jump', timeout: 2.5 }));
    try {
      const argv = runner.commandFor(['ipvsadm', '-Sn']);
      const opts = argv.flatMap((a, i) => (argv[i - 1] === '-o' ? [a] : []));
      expect(argv[0]).toBe('ssh');
      expect(opts).toEqual(expect.arrayContaining(['BatchMode=yes', 'ConnectTimeout=3', 'ServerAliveInterval=3', 'ServerAliveCountMax=2', 'ControlMaster=auto', `ControlPath=${runner.controlPath}`]));
      expect(opts.some((o) => /^ControlPersist=\d+$/.test(o))).toBe(true);
      expect(argv.slice(-3)).toEqual(['--', '192.0.2.10', 'ipvsadm -Sn']);
      const flag = (f: string): string | undefined => argv[argv.indexOf(f) + 1];
      expect([flag('-p'), flag('-l'), flag('-i'), flag('-J')]).toEqual(['2222', 'root', '/keys/id', 'jump']);
      expect(statSync(dirname(runner.controlPath)).mode & 0o777).toBe(0o700);
      expect(Buffer.byteLength(runner.controlPath)).toBeLessThan(100);
    } finally {
      await runner.close();
    }
  });
});
