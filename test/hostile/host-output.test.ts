import { describe, expect, it } from 'vitest';
import { parseRestoreErrors } from '../../providers/ipvs/restore-errors.js';
import { classifyFailure } from '../../src/transport/classify.js';
import { failureKind } from '../../src/transport/failure-kind.js';
import type { CommandResult } from '../../src/transport/command-runner.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import type { ConnectionSpec } from '../../src/model/hosts.js';
import { renderDiagnostic } from '../../src/render/diagnostics.js';
import { escapeControl } from '../../src/render/host-text.js';
import { formatValue } from '../../src/render/human-values.js';
import { eventLine } from '../../src/apply/progress-words.js';
import { plainProgress } from '../../src/apply/progress-view.js';
import type { ResourceChange } from '../../src/plan/types.js';

const ssh: ConnectionSpec = { type: 'ssh', host: 'lb1', timeout: 10 };
const result = (over: Partial<CommandResult>): CommandResult => ({ argv: ['ipvsadm', '-Sn'], exitCode: 1, signal: null, stdout: '', stderr: '', durationMs: 1, ...over });
const ESC_OR_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('a command that prints without end', () => {
  it('is killed at the output cap and reported, not buffered', async () => {
    const r = await new LocalRunner().run(['sh', '-c', 'while :; do echo ipvsadm-line-ipvsadm-line-ipvsadm-line; done'], { maxOutputBytes: 1 << 20 });
    expect(r.outputLimit).toBe(1 << 20);
    expect(r.stdout.length).toBeLessThanOrEqual(1 << 20);
    expect(r.exitCode).toBeNull();
    const d = classifyFailure('lb1', ssh, r)!;
    expect(d.summary).toBe('Too much output from host "lb1"');
    expect(d.detail).toContain(`more than ${1 << 20} bytes`);
  });

  it('also counts stderr', async () => {
    const r = await new LocalRunner().run(['sh', '-c', 'while :; do echo noise >&2; done'], { maxOutputBytes: 1 << 16 });
    expect(failureKind({ type: 'local' }, r)).toBe('output-too-large');
  });
});

describe('control characters from a host', () => {
  const hostile = 'ok\u001b]0;pwned\u0007\u001b[2J\rline\u009b31m\u007f';

  it('are escaped visibly, keeping newlines and tabs', () => {
    expect(escapeControl(hostile)).toBe('ok\\x1b]0;pwned\\x07\\x1b[2J\\x0dline\\u009b31m\\x7f');
    expect(escapeControl('a\tb\nc')).toBe('a\tb\nc');
  });

  it('never reach the terminal through a diagnostic', () => {
    const d = classifyFailure('lb1', ssh, result({ stderr: `${hostile}\n` }))!;
    const text = renderDiagnostic(d, new Map(), { color: false });
    expect(text).toContain('\\x1b]0;pwned');
    expect(ESC_OR_CONTROL.test(text)).toBe(false);
  });

  it('never reach the terminal through apply progress or plan values', () => {
    const change = { host: 'lb1', address: 'director.lb1.sysctl["x"]', action: 'update' } as ResourceChange;
    const written: string[] = [];
    plainProgress({ write: (s) => written.push(s) }).onEvent({ kind: 'failed', change, message: hostile });
    expect(eventLine({ kind: 'failed', change, message: hostile })).toContain('\u001b');
    expect(ESC_OR_CONTROL.test(written.join('').replace(/\n/g, ''))).toBe(false);
    expect(ESC_OR_CONTROL.test(formatValue(hostile))).toBe(false);
    expect(ESC_OR_CONTROL.test(formatValue([hostile]))).toBe(false);
  });
});

describe('stderr classification is linear in the size of stderr', () => {
  // On the regex classifier 240 KB of "exec: " took 10.6 s; this is four times as much.
  it('handles a megabyte of repeated message prefixes', () => {
    for (const stderr of ['exec: '.repeat(170_000), 'host key for '.repeat(80_000), `connect to host ${'x'.repeat(1 << 20)}`]) {
      expect(failureKind(ssh, result({ exitCode: 255, stderr }))).toBe('exit-status');
    }
  });

  it('still recognises the messages it knows', () => {
    const kinds = [
      ['ssh: connect to host 10.0.0.1 port 22: Connection refused', 'connection-refused'],
      ['Connection refused', 'connection-refused'],
      ['Warning: the ECDSA host key for \'lb1\' has changed', 'host-key'],
      ['No ED25519 host key is known for lb1 and you have requested strict checking.', 'host-key'],
      ['sh: 1: exec: ipvsadm: not found', 'missing-command'],
      ['ssh: Could not resolve hostname lb1: Name or service not known', 'name-not-resolved'],
    ] as const;
    for (const [stderr, kind] of kinds) expect(failureKind(ssh, result({ exitCode: 255, stderr }))).toBe(kind);
    expect(failureKind({ type: 'local' }, result({ exitCode: 2, stderr: 'ipvsadm: Operation not permitted' }))).toBe('permission-denied');
  });
});

describe('ipvsadm -R stderr is untrusted', () => {
  const lines = ['-A -t 10.0.0.1:80 -s rr', '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -g -w 1'];

  it('treats Object.prototype names as unknown messages', () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf']) {
      const r = parseRestoreErrors(`${name}\n`, lines, 1);
      expect(r.failures).toEqual([{ message: name, line: 1, candidateCount: 2 }]);
    }
  });

  it('pins 100,000 failing lines without looking at messages x lines', () => {
    const n = 100_000;
    const batch = Array.from({ length: n }, (_, i) => `-a -t 10.0.0.1:80 -r 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:80 -g -w 1`);
    const r = parseRestoreErrors('Destination already exists\n'.repeat(n), batch, 255);
    expect(r.failures).toHaveLength(n);
    expect(r.failures[n - 1]!.line).toBe(n - 1);
    expect(r.blame.size).toBe(n);
    expect(r.succeeded).toEqual([]);
    expect(r.uncertain).toHaveLength(n - 1);
  });
});
