import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSteps, stepsArgv, stepsOutcome } from '../../src/apply/steps-script.js';
import type { CommandResult } from '../../src/transport/command-runner.js';

/** Runs a steps argv with the real sh, as a host would. */
function runHere(argv: string[], stdin?: string): CommandResult {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', ...(stdin !== undefined ? { input: stdin } : {}) });
  return { argv, exitCode: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, durationMs: 0 };
}

const scratch = () => mkdtempSync(join(tmpdir(), 'steps-'));

describe('steps script', () => {
  it('runs every command with its arguments exactly as given, values never interpreted by the shell', () => {
    const out = join(scratch(), 'out');
    const argvs = [
      ['sh', '-c', 'printf "%s|" "$@" > "$0"', out, 'a b', '$(touch pwned)', '`touch pwned`', "it's", '"q"', '*', '', '\\n'],
      ['sh', '-c', 'printf "%s|" "$@" >> "$0"', out, '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11 x'],
    ];
    const o = stepsOutcome(runHere(stepsArgv(argvs)), argvs);
    expect(o.failed).toBeNull();
    expect(o.ran.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(spawnSync('cat', [out], { encoding: 'utf8' }).stdout).toBe('a b|$(touch pwned)|`touch pwned`|it\'s|"q"|*||\\n|1|2|3|4|5|6|7|8|9|10|11 x|');
    expect(existsSync('pwned')).toBe(false);
  });

  it('stops at the first failing command and reports it with its own stderr and exit status', () => {
    const dir = scratch();
    const argvs = [['sh', '-c', 'echo warning from the first >&2'], ['sh', '-c', 'echo boom >&2; exit 3'], ['touch', join(dir, 'never')]];
    const o = stepsOutcome(runHere(stepsArgv(argvs)), argvs);
    expect(o.failed).toBe(1);
    expect(o.ran).toHaveLength(2);
    expect(o.ran[0]!.stderr.trim()).toBe('warning from the first');
    expect(o.ran[1]).toMatchObject({ argv: argvs[1], exitCode: 3 });
    expect(o.ran[1]!.stderr.trim()).toBe('boom');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('the first step gets stdin; a command that cannot be found fails its step', () => {
    const out = join(scratch(), 'in');
    const argvs = [['sh', '-c', 'cat > "$0"', out], ['lvsplan-no-such-program', 'x']];
    const o = stepsOutcome(runHere(stepsArgv(argvs), 'the record\n'), argvs);
    expect(spawnSync('cat', [out], { encoding: 'utf8' }).stdout).toBe('the record\n');
    expect(o.failed).toBe(1);
    expect(o.ran[1]!.exitCode).toBe(127);
  });

  it('runs the report last whatever happened, with its own stdout, stderr and exit status', () => {
    const argvs = [['true'], ['sh', '-c', 'echo no >&2; exit 4'], ['sh', '-c', 'echo not run']];
    const report = ['sh', '-c', 'echo read; echo note >&2; exit 5'];
    const o = stepsOutcome(runHere(stepsArgv(argvs, report)), argvs, report);
    expect(o.failed).toBe(1);
    expect(o.ran[1]).toMatchObject({ exitCode: 4 });
    expect(o.report).toMatchObject({ argv: report, exitCode: 5, stdout: 'read\n' });
    expect(o.report!.stderr.trim()).toBe('note');
    // An sh script with its own $0 and arguments, as the host read is.
    const read = ['sh', '-c', 'printf "%s|" "$0" "$@"; exit 6', 'lvsplan-read', 'a b', '$(x)'];
    expect(stepsOutcome(runHere(stepsArgv([['true']], read)), [['true']], read).report).toMatchObject({ exitCode: 6, stdout: 'lvsplan-steps|a b|$(x)|' });
    const ok = stepsOutcome(runHere(stepsArgv([['true']], ['echo', 'read'])), [['true']], ['echo', 'read']);
    expect(ok).toMatchObject({ failed: null, report: { exitCode: 0, stdout: 'read\n' } });
  });

  it('blames the first command when the run failed before any marker, and believes markers only in order and in range', () => {
    const argvs = [['a'], ['b']];
    const base: CommandResult = { argv: stepsArgv(argvs), exitCode: 255, signal: null, stdout: '', stderr: 'ssh: connect to host x: Connection refused\n', durationMs: 0 };
    expect(stepsOutcome(base, argvs)).toMatchObject({ failed: 0, ran: [{ argv: ['a'], exitCode: 255 }], report: null });
    const hostile = { ...base, exitCode: 1, stderr: 'lvsplan-step 0\nlvsplan-step 7\nlvsplan-step-failed 7 9\n' };
    expect(stepsOutcome(hostile, argvs)).toMatchObject({ failed: 0, ran: [{ exitCode: 1 }] });
    const killed = { ...base, exitCode: null, signal: 'SIGKILL', timedOut: true, stderr: 'lvsplan-step 0\nlvsplan-step 1\n' };
    expect(stepsOutcome(killed, argvs)).toMatchObject({ failed: 1, ran: [{ exitCode: 0 }, { exitCode: null, timedOut: true }] });
  });

  it('decodes what it encodes, and nothing else', () => {
    const argvs = [['sysctl', '-q', '-w', 'a.b=1'], ['ip', 'addr', 'add', '10.0.0.1/32', 'dev', 'lo']];
    expect(decodeSteps(stepsArgv(argvs))).toEqual({ steps: argvs, report: null });
    expect(decodeSteps(stepsArgv(argvs, ['read']))).toEqual({ steps: argvs, report: ['read'] });
    expect(decodeSteps(['sh', '-c', 'true'])).toBeNull();
    expect(decodeSteps([...stepsArgv(argvs), '5', 'x'])).toBeNull();
  });
});
