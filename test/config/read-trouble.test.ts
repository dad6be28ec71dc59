import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigDir } from '../../src/config/index.js';

const MAIN = 'director "d" {\n  connection { type = "local" }\n  interface = "eth0"\n}\n';
let dir: string;
const load = (varFiles: string[] = []) => loadConfigDir(dir, { vars: [], varFiles, env: {} });
const messages = (r: ReturnType<typeof load>) => r.diagnostics.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('\n');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvsplan-trouble-'));
  writeFileSync(join(dir, 'main.hcl'), MAIN);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('filesystem trouble in a configuration directory is the user\'s, named plainly', () => {
  it('leaves out editor lock and backup files (".", "#" prefixes, "~" suffix)', () => {
    for (const name of ['.#main.hcl', '#main.hcl#', 'main.hcl~', '.hidden.hcl']) writeFileSync(join(dir, name), 'this is { not HCL');
    const r = load();
    expect(r.diagnostics).toEqual([]);
    expect([...r.sources.keys()]).toEqual([join(dir, 'main.hcl')]);
  });

  it.each([
    ['a directory named x.hcl', () => mkdirSync(join(dir, 'x.hcl')), /x\.hcl is a directory, not a regular file/],
    ['a FIFO (never opened for reading: it would hang)', () => spawnSync('mkfifo', [join(dir, 'x.hcl')]), /x\.hcl is a FIFO \(named pipe\), not a regular file/],
    ['a link to /dev/zero (never read: it would grow without bound)', () => symlinkSync('/dev/zero', join(dir, 'x.hcl')), /x\.hcl is a character device, not a regular file/],
    ['a dangling symlink', () => symlinkSync(join(dir, 'nowhere'), join(dir, 'x.hcl')), /x\.hcl is a symbolic link to a file that does not exist/],
    ['a symlink loop', () => { symlinkSync(join(dir, 'y.hcl'), join(dir, 'x.hcl')); symlinkSync(join(dir, 'x.hcl'), join(dir, 'y.hcl')); }, /x\.hcl is a symbolic link that leads back to itself/],
  ])('%s is an error diagnostic, not a crash', (_what, make, message) => {
    make();
    const r = load();
    expect(r.desired).toBeNull();
    expect(messages(r)).toMatch(message);
    expect(r.diagnostics.every((d) => d.severity === 'error' && d.summary === 'Failed to read file')).toBe(true);
  });

  it('an unreadable file is named with what to do (skipped as root, who reads everything)', () => {
    writeFileSync(join(dir, 'secret.hcl'), MAIN.replace('"d"', '"e"'));
    chmodSync(join(dir, 'secret.hcl'), 0);
    const r = load();
    if (process.getuid?.() === 0) expect(r.diagnostics).toEqual([]);
    else expect(messages(r)).toMatch(/secret\.hcl cannot be read: permission denied/);
  });

  it('invalid UTF-8 is "Invalid character encoding" at the line, with the source for the snippet', () => {
    writeFileSync(join(dir, 'bad.hcl'), Buffer.from('x = 1\r\ny = "a\xffb"\r\n', 'latin1'));
    const r = load();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      summary: 'Invalid character encoding',
      detail: 'All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.',
      subject: { filename: join(dir, 'bad.hcl'), start: { line: 2, column: 7 } },
    });
    expect(r.sources.get(join(dir, 'bad.hcl'))).toContain('y = "a');
  });

  it('a -var-file that is a FIFO is refused the same way', () => {
    spawnSync('mkfifo', [join(dir, 'vars.lvsvars')]);
    const r = load([join(dir, 'vars.lvsvars')]);
    expect(r.diagnostics[0]).toMatchObject({ summary: 'Failed to read variables file' });
    expect(r.diagnostics[0].detail).toMatch(/is a FIFO/);
  });
});
