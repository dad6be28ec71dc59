import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecRunner } from '../../src/transport/exec-runner.js';
import { failureKind } from '../../src/transport/failure-kind.js';

const NETNS = `lvsplan-t${process.pid}`;

describe('ExecRunner in a network namespace (ip netns exec)', () => {
  const runner = new ExecRunner(['ip', 'netns', 'exec', NETNS]);
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error('this test creates a network namespace and must run as root');
    execFileSync('ip', ['netns', 'add', NETNS]);
    execFileSync('ip', ['netns', 'exec', NETNS, 'ip', 'link', 'set', 'lo', 'up']);
  });
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
