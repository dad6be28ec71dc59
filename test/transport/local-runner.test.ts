import { describe, expect, it } from 'vitest';
import { stdoutBytes, stdoutOf } from '../../src/transport/command-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { processAlive } from './support/process-alive.js';

const local = new LocalRunner();

describe('LocalRunner', () => {
  it('captures stdout, stderr and the exit status', async () => {
    const r = await local.run(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toMatchObject({ argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'], exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
    expect(r.spawnError).toBeUndefined();
    expect(r.timedOut).toBeUndefined();
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('passes arguments without a shell', async () => {
    const args = ['$HOME', '`id`', '; echo x', "'", ''];
    const r = await local.run(['printf', '%s\\0', ...args]);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(args);
  });

  it('pipes stdin and closes it', async () => {
    const input = 'line one\nline two ünï\n'.repeat(20000);
    const r = await local.run(['cat'], { stdin: input });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(input);
    // ... and keeps the pieces it arrived in, which a host read parses without the joined text; a copy with
    // another stdout is its own text.
    const pieces = stdoutOf(r);
    expect(typeof pieces).not.toBe('string');
    expect(pieces.length).toBeGreaterThan(1);
    expect(Buffer.concat(pieces as Buffer[]).toString('utf8')).toBe(input);
    expect(stdoutBytes(r)).toBe(Buffer.byteLength(input));
    const cut = { ...r, stdout: 'cut' };
    expect(stdoutOf(cut)).toBe('cut');
    expect(stdoutBytes(cut)).toBe(3);
  });

  it('closes stdin when none is given, so readers see EOF', async () => {
    const r = await local.run(['cat'], { timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: 0, stdout: '' });
    expect(r.timedOut).toBeUndefined();
  });

  it('makes no pipe for a command given nothing to read: its stdin is /dev/null (a socket pair, as node makes its pipes, when it is given stdin)', async () => {
    const stdinOf = ['sh', '-c', 'cat; readlink /proc/$$/fd/0'];
    expect((await local.run(stdinOf)).stdout).toBe('/dev/null\n');
    expect((await local.run(stdinOf, { stdin: 'in\n' })).stdout).toMatch(/^in\nsocket:\[\d+\]\n$/);
  });

  it('survives a process that exits without reading its stdin', async () => {
    const r = await local.run(['true'], { stdin: 'x'.repeat(4 << 20) });
    expect(r.exitCode).toBe(0);
  });

  it('reports a terminating signal', async () => {
    const r = await local.run(['sh', '-c', 'kill -KILL $$']);
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });

  it('kills the whole process group on timeout', async () => {
    const started = Date.now();
    const r = await local.run(['sh', '-c', 'sleep 30 & echo $!; sleep 30'], { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGTERM');
    const background = Number(r.stdout.trim());
    expect(background).toBeGreaterThan(0);
    await new Promise((res) => setTimeout(res, 200));
    expect(processAlive(background)).toBe(false);
  });

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const r = await local.run(['sh', '-c', "trap '' TERM; echo ready; while :; do sleep 0.1; done"], { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).toBe('ready\n');
  });

  it('returns a typed result when the program does not exist', async () => {
    const r = await local.run(['lvsplan-no-such-program-xyz', 'a']);
    expect(r.exitCode).toBeNull();
    expect(r.spawnError).toMatch(/ENOENT/);
  });

  it('refuses argv it cannot pass on, without running anything', async () => {
    expect((await local.run([])).spawnError).toMatch(/empty command/);
    expect((await local.run(['echo', 'a\0b'])).spawnError).toMatch(/NUL/);
  });

  it('reads output that arrived while the event loop was stalled after the exit, before giving up on the pipes', async () => {
    // The cluster lab's cut host reads: the exit was seen, then the loop stalled in other I/O callbacks
    // past the drain time under TCG, and the drain timer fired before the poll that would have read the
    // rest. Here the shell exits at once, a child it leaves writes the rest 400 ms later and closes the
    // pipes, and a second command's output, 150 ms in, keeps the loop busy for 1.2 s.
    const busy = local.run(['sh', '-c', 'sleep 0.15; echo x'], {
      onStdout: () => {
        const until = Date.now() + 1200;
        while (Date.now() < until);
      },
    });
    const r = await local.run(['sh', '-c', 'echo head; (sleep 0.4; echo tail) &']);
    await busy;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('head\ntail\n');
  });

  it('gives onStdout whole characters: one split between two writes comes with the second', async () => {
    const pieces: string[] = [];
    const r = await local.run(['bash', '-c', "printf 'caf\\xc3'; sleep 0.3; printf '\\xa9!'"], { onStdout: (t) => pieces.push(t) });
    expect(r.stdout).toBe('café!');
    expect(pieces).toEqual(['caf', 'é!']);
  });

  it('does not wait for a daemon that keeps the output pipes open', async () => {
    const started = Date.now();
    const r = await local.run(['sh', '-c', 'sleep 3 & echo parent-done']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('parent-done\n');
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
