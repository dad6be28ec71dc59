import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** `lvsplan fmt` as a user runs it: the built CLI (npm run build first), in a scratch directory. */
const CLI = resolve('dist/lvsplan.mjs');
let dir: string;

function lvsplan(args: string[], opts: { input?: string | Buffer; cwd?: string; uid?: number } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? dir,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1' },
    uid: opts.uid,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const UNFORMATTED = 'director "d" {\n  interface="eth0"\n  connection { type = "local" }\n}\n';
const FORMATTED = 'director "d" {\n  interface = "eth0"\n  connection { type = "local" }\n}\n';

function put(rel: string, text: string | Buffer): string {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvsplan-fmt-'));
  chmodSync(dir, 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lvsplan fmt', () => {
  it('-check lists the files that need formatting (relative paths, ignored names left out), exits 3 and writes nothing', () => {
    put('main.hcl', UNFORMATTED);
    put('ok.hcl', FORMATTED);
    put('prod.lvsvars', 'vip="10.0.0.1"\n');
    put('sub/nested.hcl', UNFORMATTED);
    for (const ignored of ['.hidden.hcl', '#autosave.hcl', 'backup.hcl~', 'notes.txt']) put(ignored, UNFORMATTED);
    const r = lvsplan(['fmt', '-check']);
    expect(r).toEqual({ code: 3, stdout: 'main.hcl\nprod.lvsvars\n', stderr: '' });
    expect(readFileSync(join(dir, 'main.hcl'), 'utf8')).toBe(UNFORMATTED);
    expect(lvsplan(['fmt', '-check', '-recursive']).stdout).toBe('main.hcl\nprod.lvsvars\nsub/nested.hcl\n');
    expect(lvsplan(['fmt', '-check', '-list=false']).stdout).toBe('');
  });

  it('writes the canonical layout, lists what it changed, and then has nothing left to do', () => {
    put('main.hcl', UNFORMATTED);
    put('ok.hcl', FORMATTED);
    expect(lvsplan(['fmt'])).toEqual({ code: 0, stdout: 'main.hcl\n', stderr: '' });
    expect(readFileSync(join(dir, 'main.hcl'), 'utf8')).toBe(FORMATTED);
    expect(lvsplan(['fmt', '-check'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('-diff prints a unified diff with old/ and new/ labels; -write=false leaves the file', () => {
    put('main.hcl', UNFORMATTED);
    const r = lvsplan(['fmt', '-diff', '-write=false']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'main.hcl\n--- old/main.hcl\n+++ new/main.hcl\n@@ -1,4 +1,4 @@\n director "d" {\n-  interface="eth0"\n+  interface = "eth0"\n   connection { type = "local" }\n }\n',
    );
    expect(readFileSync(join(dir, 'main.hcl'), 'utf8')).toBe(UNFORMATTED);
  });

  it('-write=false -list=false prints each file formatted; a FILE target takes that file only', () => {
    put('main.hcl', UNFORMATTED);
    put('other.hcl', 'x=1');
    expect(lvsplan(['fmt', '-write=false', '-list=false']).stdout).toBe(`${FORMATTED}x = 1\n`);
    expect(lvsplan(['fmt', '-check', 'other.hcl']).stdout).toBe('other.hcl\n');
    expect(lvsplan(['fmt', '-check', join(dir, 'other.hcl')], { cwd: join(dir, '..') }).stdout).toBe(`${dir.split('/').pop()}/other.hcl\n`);
  });

  it('formats standard input to standard output with -; -check - only sets the status', () => {
    expect(lvsplan(['fmt', '-'], { input: UNFORMATTED })).toEqual({ code: 0, stdout: FORMATTED, stderr: '' });
    expect(lvsplan(['fmt', '-'], { input: 'x=1' }).stdout).toBe('x = 1\n');
    expect(lvsplan(['fmt', '-check', '-'], { input: UNFORMATTED })).toEqual({ code: 3, stdout: '', stderr: '' });
    expect(lvsplan(['fmt', '-check', '-'], { input: FORMATTED }).code).toBe(0);
  });

  it('refuses to format a file with syntax errors: the error with file and line, exit 1, file untouched', () => {
    const bad = 'director "d" {\n  interface = \n}\n';
    put('main.hcl', bad);
    const r = lvsplan(['fmt']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Error: .*\n[\s\S]*on main\.hcl line 2/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(readFileSync(join(dir, 'main.hcl'), 'utf8')).toBe(bad);
  });

  it.each([
    [['fmt', 'missing'], /No file or directory at missing/],
    [['fmt', 'notes.txt'], /Only \.hcl and \.lvsvars files can be processed with lvsplan fmt/],
    [['fmt', '-bogus'], /flag provided but not defined: -bogus/],
    [['fmt', '-write=maybe'], /invalid boolean value "maybe" for -write/],
  ])('%j is a diagnostic and exit 1', (args, message) => {
    put('notes.txt', 'x');
    const r = lvsplan(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('prints its usage for -help', () => {
    const r = lvsplan(['fmt', '-help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: lvsplan fmt \[options\] \[target\.\.\.\]/);
  });
});

describe('lvsplan fmt on filesystem trouble', () => {
  it('refuses a FIFO and a link to a device without reading them, and names dangling links and loops', () => {
    put('main.hcl', FORMATTED);
    expect(spawnSync('mkfifo', [join(dir, 'pipe.hcl')]).status).toBe(0);
    symlinkSync('/dev/zero', join(dir, 'zero.hcl'));
    symlinkSync(join(dir, 'gone.hcl.target'), join(dir, 'dangling.hcl'));
    symlinkSync(join(dir, 'loop-b.hcl'), join(dir, 'loop-a.hcl'));
    symlinkSync(join(dir, 'loop-a.hcl'), join(dir, 'loop-b.hcl'));
    const r = lvsplan(['fmt', '-check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pipe\.hcl is a FIFO \(named pipe\), not a regular file/);
    expect(r.stderr).toMatch(/zero\.hcl is a character device, not a regular file/);
    expect(r.stderr).toMatch(/dangling\.hcl is a symbolic link to a file that does not exist/);
    expect(r.stderr).toMatch(/loop-a\.hcl is a symbolic link that leads back to itself/);
    expect(r.stderr).not.toMatch(/internal error|bug in lvsplan/);
  });

  it('names a file it may not read (run as an unprivileged user)', () => {
    const p = put('secret.hcl', FORMATTED);
    chmodSync(p, 0o000);
    const r = lvsplan(['fmt', '-check'], { uid: process.getuid?.() === 0 ? 65534 : undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/secret\.hcl cannot be read: permission denied/);
  });

  it('reports invalid UTF-8 as "Invalid character encoding" at its line', () => {
    put('main.hcl', Buffer.from('x = 1\ny = "a\xffb"\n', 'latin1'));
    const r = lvsplan(['fmt', '-check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error: Invalid character encoding[\s\S]*on main\.hcl line 2[\s\S]*All input files must be UTF-8 encoded/);
  });
});
