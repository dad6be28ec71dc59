import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHostReadScript, HOST_READ_SCRIPT, parseHostRead } from '../../providers/host-read.js';
import { splitSections } from '../../providers/host-read-sections.js';
import { parseSysctlRead } from '../../providers/sysctl/read.js';

/**
 * The read script run for real by the local sh against fixture files given as the (name, path) pairs
 * buildHostReadScript would pass for /proc/sys: what each kind of file turns into, through the parser.
 */
const root = mkdtempSync(join(tmpdir(), 'lvsplan-read-run-'));
const file = (name: string, text: string) => {
  const p = join(root, name);
  writeFileSync(p, text);
  return p;
};

function read(pairs: [string, string][], statePath: string, path = '/usr/bin:/bin'): string {
  return execFileSync('/bin/sh', ['-c', HOST_READ_SCRIPT, 'lvsplan-read', 'realserver', statePath, ...pairs.flat()], {
    encoding: 'utf8',
    env: { PATH: path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const sysctlsOf = (out: string) => {
  const s = splitSections(out).sections.get('sysctls');
  if (s?.status !== 'ran') throw new Error('no sysctls section');
  return parseSysctlRead(s.stdout);
};

describe('the host read script run by sh against fixture files', () => {
  const one = file('one', '1\n');
  const range = file('range', '32768\t60999\n');
  const lines = file('lines', 'first line\nsecond\tpart\n');
  const noNewline = file('no-newline', 'x');
  const dir = join(root, 'a-directory');
  mkdirSync(dir);
  const absent = join(root, 'absent');
  // A file whose line looks like another file's prefixed line: still its own value, and the other stays missing.
  const mimic = file('mimic', `${absent}:forged\n`);

  it('reads values (tab, several lines, no final newline) and says which are missing or unreadable', () => {
    const out = read(
      [['net.a.one', one], ['net.a.range', range], ['net.a.lines', lines], ['net.a.nonl', noNewline], ['net.a.dir', dir], ['net.a.mimic', mimic], ['net.a.absent', absent]],
      join(root, 'no-state.json'),
    );
    const r = sysctlsOf(out);
    expect([...r.values]).toEqual([
      ['net.a.one', '1'],
      ['net.a.range', '32768 60999'],
      ['net.a.lines', 'first line second part'],
      ['net.a.nonl', 'x'],
      ['net.a.mimic', `${absent}:forged`],
    ]);
    expect(r.missing).toEqual(['net.a.dir', 'net.a.absent']);
    expect(r.problems).toEqual([]);
    // The raw lines as the per-file `tr '\n' ' '` printed them: each line followed by a blank.
    expect(out).toContain('V\tnet.a.range\t32768\t60999 \n');
    expect(out).toContain('V\tnet.a.lines\tfirst line second\tpart \n');
  });

  it('reads a real /proc/sys number file whole, which the shell\'s own read would cut to its first byte', () => {
    const out = read([['net.ipv4.ip_local_port_range', '/proc/sys/net/ipv4/ip_local_port_range']], absent);
    expect(sysctlsOf(out).values.get('net.ipv4.ip_local_port_range')).toMatch(/^\d+ \d+$/);
  });

  it('reads a state record present, absent, unreadable or corrupt', () => {
    const state = file('state.json', JSON.stringify({ version: 1, managed: [], originalSysctls: { 'net.a.one': '0' } }));
    const present = parseHostRead('rs', 'realserver', read([], state), { stateRecordPath: state });
    expect(present.diagnostics).toEqual([]);
    expect(present.observed.stateRecord?.originalSysctls).toEqual({ 'net.a.one': '0' });

    const none = read([], absent);
    expect(none).toContain('@@lvsplan:end state 44\n');
    expect(parseHostRead('rs', 'realserver', none).observed.stateRecord).toBeNull();

    const unreadable = parseHostRead('rs', 'realserver', read([], dir), { stateRecordPath: dir });
    expect(unreadable.diagnostics.map((d) => d.summary)).toEqual(['Cannot read the lvsplan state record on host "rs"']);
    expect(unreadable.diagnostics[0]!.detail).toMatch(/exited with status 1: cat: .*a-directory: Is a directory\./);

    const corrupt = file('corrupt.json', '{"version": 1, "managed": [');
    expect(parseHostRead('rs', 'realserver', read([], corrupt), { stateRecordPath: corrupt }).diagnostics.map((d) => d.summary)).toEqual([
      'The lvsplan state record on host "rs" is not valid',
    ]);
  });

  it('leaves the state record out of a re-read (its path given as "-"): the section is skipped, no cat runs, no diagnostic', () => {
    const argv = buildHostReadScript({ role: 'realserver', sysctlNames: ['net.a.b'], withStateRecord: false });
    expect(argv.ok && argv.value.slice(3, 6)).toEqual(['lvsplan-read', 'realserver', '-']);
    // With no cat on PATH, a state section that ran it would fail.
    const bin = join(root, 'bin-without-cat');
    mkdirSync(bin);
    for (const tool of ['ip', 'grep']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } }).trim(), join(bin, tool));
    const out = read([['net.a.one', one]], '-', bin);
    expect(out).toContain('@@lvsplan:skip state\n@@lvsplan:done\n');
    const parsed = parseHostRead('rs', 'realserver', out);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.observed.stateRecord).toBeNull();
    expect(parsed.observed.resources.find((r) => r.type === 'sysctl')?.attrs.value).toBe('1');
  });

  it('gives every section with its status, and reports a grep that cannot run instead of calling every sysctl missing', () => {
    const out = read([['net.a.one', one]], absent);
    expect(splitSections(out)).toMatchObject({ complete: true, lastWhole: 'state' });
    // The sections run in the shell itself have the same frame, with an empty stderr.
    expect(out.slice(out.indexOf('@@lvsplan:begin sysctls'))).toBe(
      '@@lvsplan:begin sysctls\nV\tnet.a.one\t1 \n\n@@lvsplan:stderr sysctls\n\n@@lvsplan:end sysctls 0\n' +
        '@@lvsplan:begin state\n\n@@lvsplan:stderr state\n\n@@lvsplan:end state 44\n@@lvsplan:done\n',
    );

    const bin = join(root, 'bin');
    mkdirSync(bin);
    for (const p of ['ip', 'cat']) symlinkSync(execFileSync('/bin/sh', ['-c', `command -v ${p}`], { encoding: 'utf8' }).trim(), join(bin, p));
    const noGrep = parseHostRead('rs', 'realserver', read([['net.a.one', one]], absent, bin));
    expect(noGrep.diagnostics.map((d) => d.summary)).toEqual(['Cannot understand the sysctl values on host "rs"']);
    expect(noGrep.diagnostics[0]!.detail).toContain('grep could not read the sysctls (exit status 127)');
  });
});
