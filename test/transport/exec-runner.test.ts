import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { failureKind } from '../../src/transport/failure-kind.js';

describe('ExecRunner', () => {
  it('runs argv behind the prefix as separate arguments', async () => {
    const runner = new ExecRunner(['env', 'LVSPLAN_T=from-prefix']);
    const r = await runner.run(['sh', '-c', 'printf "%s|%s" "$LVSPLAN_T" "$1"', 'sh', '$HOME; id']);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'from-prefix|$HOME; id', argv: ['sh', '-c', 'printf "%s|%s" "$LVSPLAN_T" "$1"', 'sh', '$HOME; id'] });
  });

  it('pipes stdin through the prefix program', async () => {
    const r = await new ExecRunner(['env']).run(['cat'], { stdin: 'hello\n' });
    expect(r.stdout).toBe('hello\n');
  });

  it('kills the prefix program and what it runs on timeout', async () => {
    const r = await new ExecRunner(['env']).run(['sleep', '30'], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
  });

  it('reports a missing prefix program as a spawn failure', async () => {
    const r = await new ExecRunner(['lvsplan-no-such-prefix']).run(['true']);
    expect(r.spawnError).toMatch(/ENOENT/);
    expect(failureKind({ type: 'exec', command: ['lvsplan-no-such-prefix'] }, r)).toBe('spawn-failed');
  });
});

const NETNS = `lvsplan-t${process.pid}`;
const canNetns = (() => {
  try {
    execFileSync('ip', ['netns', 'add', NETNS], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!canNetns)('ExecRunner in a network namespace (ip netns exec)', () => {
  const runner = new ExecRunner(['ip', 'netns', 'exec', NETNS]);
  beforeAll(() => execFileSync('ip', ['netns', 'exec', NETNS, 'ip', 'link', 'set', 'lo', 'up']));
  afterAll(() => execFileSync('ip', ['netns', 'del', NETNS]));

  it('runs inside the namespace', async () => {
    const r = await runner.run(['ip', '-o', 'link', 'show']);
    expect(r.exitCode).toBe(0);
    const links = r.stdout.trim().split('\n');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^1: lo:/);
  });

  it('classifies a command missing inside the namespace', async () => {
    const r = await runner.run(['lvsplan-no-such-command']);
    expect(r.exitCode).not.toBe(0);
    expect(failureKind({ type: 'exec', command: runner.prefix as string[] }, r)).toBe('missing-command');
  });
});
