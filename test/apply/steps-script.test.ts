import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sysctlWriteArgv } from '../../providers/sysctl/write.js';
import { STATE_DIR_UNSAFE, STATE_WRITE_ARGV } from '../../src/apply/state-write.js';
import { decodeSteps, STEPS_SCRIPT, stepsArgv, stepsOutcome } from '../../src/apply/steps-script.js';
import { STATE_DIR, STATE_RECORD_PATH } from '../../src/model/state-record.js';
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

  it('passes a sysctl write and the state record write as calls of its own functions, the /proc/sys path of a dotted interface name keeping its dots', () => {
    const sysctl = sysctlWriteArgv('net.ipv4.conf.eth0/100.rp_filter', '2');
    if (!sysctl.ok) throw new Error(sysctl.error);
    const ip = ['ip', 'addr', 'add', '10.0.0.1/32', 'dev', 'lo'];
    const argvs = [STATE_WRITE_ARGV, sysctl.value, ip];
    const argv = stepsArgv(argvs);
    expect(argv.slice(5)).toEqual([
      '3', 'lvsplan_state_write', STATE_DIR, STATE_RECORD_PATH,
      '4', 'lvsplan_sysctl_write', 'net.ipv4.conf.eth0/100.rp_filter', '/proc/sys/net/ipv4/conf/eth0.100/rp_filter', '2',
      '6', ...ip,
    ]);
    expect(decodeSteps(argv)).toEqual({ steps: argvs, report: null });
    // Not as sysctlWriteArgv builds it (a value not canonical, another flag): sysctl itself runs.
    for (const other of [['sysctl', '-q', '-w', 'a.b=1  2'], ['sysctl', '-w', 'a.b=1'], ['sysctl', '-q', '-w', 'a.b=$(x)']]) {
      expect(stepsArgv([other]).slice(5)).toEqual([String(other.length), ...other]);
    }
    // A call whose path is not its name's is not taken for a sysctl write.
    const forged = [...argv.slice(0, 5), '4', 'lvsplan_sysctl_write', 'a.b', '/etc/passwd', '1'];
    expect(decodeSteps(forged)!.steps).toEqual([['lvsplan_sysctl_write', 'a.b', '/etc/passwd', '1']]);
  });
});

/** The production script with steps encoded by hand, so a sysctl write can point at a fixture file instead of /proc/sys. */
function runScript(shell: string[], encoded: string[], env: Record<string, string>): CommandResult {
  const argv = [...shell, '-c', STEPS_SCRIPT, 'lvsplan-steps', '0', ...encoded];
  // HOME elsewhere: bash started with a socket as stdin (node's pipes are) reads ~/.bashrc, as under sshd.
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { HOME: tmpdir(), ...env } });
  return { argv, exitCode: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, durationMs: 0 };
}

const runs = (shell: string[]) => spawnSync(shell[0]!, [...shell.slice(1), '-c', 'true']).status === 0;
// busybox sh runs its own sysctl applet whatever PATH says, so it has a test of its own below.
const SHELLS = [['/bin/sh'], ['/bin/bash', '--posix']].filter(runs);
const BUSYBOX = ['/bin/busybox', 'sh'];

describe.each(SHELLS)('a sysctl write run by the steps script (%s)', (...shell) => {
  const dir = scratch();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // A sysctl stand-in that says it ran: the write must not run it unless the shell's own write failed.
  writeFileSync(join(bin, 'sysctl'), `#!/bin/sh\necho "$*" >> '${join(dir, 'sysctl-ran')}'\necho "sysctl: setting key \\"\${3%%=*}\\": Invalid argument" >&2\nexit 255\n`);
  chmodSync(join(bin, 'sysctl'), 0o755);
  const call = (name: string, path: string, value: string) => ['4', 'lvsplan_sysctl_write', name, path, value];
  const ran = () => (existsSync(join(dir, 'sysctl-ran')) ? readFileSync(join(dir, 'sysctl-ran'), 'utf8') : '');

  it('writes the value and a newline into the file with no sysctl run; a file that is missing or not a file runs sysctl, whose stderr and status are the step\'s', () => {
    const file = join(dir, 'arp_ignore');
    writeFileSync(file, '0\n');
    const range = join(dir, 'range');
    writeFileSync(range, '32768\t60999\n');
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    const o = stepsOutcome(runScript(shell, [...call('net.a.arp_ignore', file, '1'), ...call('net.a.range', range, '20000 30000')], env), [['a'], ['b']]);
    expect(o.failed).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('1\n');
    expect(readFileSync(range, 'utf8')).toBe('20000 30000\n');
    expect(ran()).toBe('');

    const never = join(dir, 'never');
    const missing = stepsOutcome(runScript(shell, [...call('net.a.gone', join(dir, 'gone'), '1'), '2', 'touch', never], env), [['a'], ['b']]);
    expect(missing).toMatchObject({ failed: 0, ran: [{ exitCode: 255 }] });
    expect(missing.ran[0]!.stderr.trim()).toBe('sysctl: setting key "net.a.gone": Invalid argument');
    expect(ran()).toBe('-q -w net.a.gone=1\n');
    expect(existsSync(join(dir, 'gone')) || existsSync(never)).toBe(false);

    const notFile = stepsOutcome(runScript(shell, call('net.a.dir', bin, '1'), env), [['a']]);
    expect(notFile).toMatchObject({ failed: 0, ran: [{ exitCode: 255 }] });
  });

  it('says itself why it failed on a host without sysctl', () => {
    const o = stepsOutcome(runScript(shell, call('net.a.gone', join(dir, 'gone'), '1'), { PATH: '/nonexistent' }), [['a']]);
    expect(o).toMatchObject({ failed: 0, ran: [{ exitCode: 1 }] });
    expect(o.ran[0]!.stderr.trim()).toBe(`sysctl: setting key "net.a.gone": cannot write ${join(dir, 'gone')}`);
  });
});

it.skipIf(!runs(BUSYBOX))('a sysctl write run by the steps script under busybox sh: written by the shell; a missing file fails the step', () => {
  const dir = scratch();
  const file = join(dir, 'arp_ignore');
  writeFileSync(file, '0\n');
  const call = (name: string, path: string) => ['4', 'lvsplan_sysctl_write', name, path, '2'];
  const env = { PATH: '/usr/bin:/bin' };
  expect(stepsOutcome(runScript(BUSYBOX, call('net.a.arp_ignore', file), env), [['a']]).failed).toBeNull();
  expect(readFileSync(file, 'utf8')).toBe('2\n');
  const missing = stepsOutcome(runScript(BUSYBOX, call('net.lvsplan_test.gone', join(dir, 'gone')), env), [['a']]);
  expect(missing.failed).toBe(0);
  expect(missing.ran[0]!.stderr).toContain('gone');
});

describe('the state record write run by the steps script', () => {
  it('writes the record 0600 in a 0700 directory with no temp file left, and leaves the umask of later steps as it was', () => {
    const dir = scratch();
    const lib = join(dir, 'lib');
    const umaskAfter = join(dir, 'umask');
    const argvs = [[...STATE_WRITE_ARGV.slice(0, 4), lib, join(lib, 'state.json')], ['sh', '-c', 'umask > "$0"', umaskAfter]];
    const o = stepsOutcome(runHere(stepsArgv(argvs), '{"version":1}\n'), argvs);
    expect(o.failed).toBeNull();
    expect(readFileSync(join(lib, 'state.json'), 'utf8')).toBe('{"version":1}\n');
    expect(statSync(lib).mode & 0o777).toBe(0o700);
    expect(statSync(join(lib, 'state.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(lib)).toEqual(['state.json']);
    expect(readFileSync(umaskAfter, 'utf8')).toBe(spawnSync('sh', ['-c', 'umask'], { encoding: 'utf8' }).stdout);
  });

  it('stops the steps with its own status when the directory is not private, having written nothing', () => {
    const dir = scratch();
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const never = join(dir, 'never');
    const argvs = [[...STATE_WRITE_ARGV.slice(0, 4), open, join(open, 'state.json')], ['touch', never]];
    const o = stepsOutcome(runHere(stepsArgv(argvs), '{}\n'), argvs);
    expect(o).toMatchObject({ failed: 0, ran: [{ exitCode: STATE_DIR_UNSAFE }] });
    expect(o.ran[0]!.stderr).toContain('must be owned by uid');
    expect(readdirSync(open)).toEqual([]);
    expect(existsSync(never)).toBe(false);
  });
});

