import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePrivateFile } from '../../src/cli/write-private-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvsplan-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('plan -out writes the plan file privately', () => {
  it('creates a new file with mode 0600', () => {
    const file = join(dir, 'plan');
    expect(writePrivateFile(file, 'secret')).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('secret');
  });

  it('replaces a world-readable file with a 0600 one instead of keeping its mode', () => {
    const file = join(dir, 'plan');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    const before = statSync(file).ino;
    expect(writePrivateFile(file, 'new')).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).ino).not.toBe(before);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['plan']);
  });

  it('refuses to follow a symlink and leaves its target alone', () => {
    const target = join(dir, 'victim');
    writeFileSync(target, 'keep');
    const link = join(dir, 'plan');
    symlinkSync(target, link);
    expect(writePrivateFile(link, 'evil')).toMatch(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
  });

  it('reports an unwritable directory and leaves no temp file', () => {
    const ro = join(dir, 'missing', 'plan');
    expect(writePrivateFile(ro, 'x')).toMatch(/ENOENT/);
  });
});
