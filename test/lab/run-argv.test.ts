// The lab API's process runner, on the machine itself (no lab needed): a command cut by its time limit says so.
import { describe, expect, it } from 'vitest';
import { runArgv } from './api/run.js';

describe('lab API runArgv', () => {
  it('a command cut by its time limit exits 128 and its stderr says it was cut and how to give it longer', async () => {
    const r = await runArgv(['sleep', '30'], { timeoutMs: 300 });
    expect(r.code).toBe(128);
    expect(r.stderr).toContain('lab API: sleep 30 was cut (SIGKILL) after 0.3 s, its time limit; pass a larger timeoutMs');
  });

  it('a command that finishes in time says nothing extra', async () => {
    const r = await runArgv(['sh', '-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 10_000 });
    expect(r).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });
});
