import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSteps, stepFailure, stepsArgv } from '../../src/apply/steps-script.js';
import type { CommandResult } from '../../src/transport/command-runner.js';

/** Runs a steps argv with the real sh, as a host would. */
function runHere(argv: string[]): CommandResult {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  return { argv, exitCode: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, durationMs: 0 };
}

describe('steps script', () => {
  it('runs every command with its arguments exactly as given, values never interpreted by the shell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steps-'));
    const out = join(dir, 'out');
    const argvs = [
      ['sh', '-c', 'printf "%s|" "$@" > "$0"', out, 'a b', '$(touch pwned)', '`touch pwned`', "it's", '"q"', '*', '', '\\n'],
      ['sh', '-c', 'printf "%s|" "$@" >> "$0"', out, '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11 x'],
    ];
    const r = runHere(stepsArgv(argvs));
    expect(stepFailure(r, argvs)).toBeNull();
    expect(spawnSync('cat', [out], { encoding: 'utf8' }).stdout).toBe('a b|$(touch pwned)|`touch pwned`|it\'s|"q"|*||\\n|1|2|3|4|5|6|7|8|9|10|11 x|');
    expect(existsSync('pwned')).toBe(false);
  });

  it('stops at the first failing command and reports it with its own stderr and exit status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steps-'));
    const argvs = [
      ['sh', '-c', 'echo warning from the first >&2'],
      ['sh', '-c', 'echo boom >&2; exit 3'],
      ['touch', join(dir, 'never')],
    ];
    const f = stepFailure(runHere(stepsArgv(argvs)), argvs);
    expect(f?.index).toBe(1);
    expect(f?.result.exitCode).toBe(3);
    expect(f?.result.stderr.trim()).toBe('boom');
    expect(f?.result.argv).toEqual(argvs[1]);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('a command that cannot be found fails its step', () => {
    const argvs = [['true'], ['lvsplan-no-such-program', 'x']];
    const f = stepFailure(runHere(stepsArgv(argvs)), argvs);
    expect(f?.index).toBe(1);
    expect(f?.result.exitCode).toBe(127);
  });

  it('blames the first command when the run failed before any marker, and ignores markers out of range', () => {
    const argvs = [['a'], ['b']];
    const base: CommandResult = { argv: stepsArgv(argvs), exitCode: 255, signal: null, stdout: '', stderr: 'ssh: connect to host x: Connection refused\n', durationMs: 0 };
    expect(stepFailure(base, argvs)).toMatchObject({ index: 0, result: { argv: ['a'], exitCode: 255 } });
    const hostile = { ...base, exitCode: 1, stderr: 'lvsplan-step 0\nlvsplan-step 7\nlvsplan-step-failed 7 9\n' };
    expect(stepFailure(hostile, argvs)).toMatchObject({ index: 0, result: { exitCode: 1 } });
  });

  it('decodes what it encodes, and nothing else', () => {
    const argvs = [['sysctl', '-q', '-w', 'a.b=1'], ['ip', 'addr', 'add', '10.0.0.1/32', 'dev', 'lo']];
    expect(decodeSteps(stepsArgv(argvs))).toEqual(argvs);
    expect(decodeSteps(['sh', '-c', 'true'])).toBeNull();
    expect(decodeSteps([...stepsArgv(argvs), '5', 'x'])).toBeNull();
  });
});
