import { describe, expect, it } from 'vitest';
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
