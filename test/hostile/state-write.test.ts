import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STATE_DIR_UNSAFE, STATE_WRITE_ARGV } from '../../src/apply/state-write.js';
import { LocalRunner } from '../../src/transport/local-runner.js';

const root = mkdtempSync(join(tmpdir(), 'lvsplan-statewrite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** The production script and argv shape, pointed at a private directory instead of /var/lib/lvsplan. */
async function write(dir: string, text: string) {
  const argv = [...STATE_WRITE_ARGV.slice(0, 4), dir, join(dir, 'state.json')];
  return new LocalRunner().run(argv, { stdin: text });
}
const fresh = () => join(root, `case-${(n += 1)}`);

describe('the state record is written privately on the host', () => {
  it('creates the directory 0700 and the record 0600, leaving no temp file', async () => {
    const dir = fresh();
    const r = await write(dir, '{"version":1}\n');
    expect(r.exitCode).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{"version":1}\n');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('replaces a symlink planted at the record instead of writing through it', async () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    const victim = join(root, `victim-${n}`);
    writeFileSync(victim, 'keep');
    symlinkSync(victim, join(dir, 'state.json'));
    expect((await write(dir, 'new')).exitCode).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(lstatSync(join(dir, 'state.json')).isFile()).toBe(true);
  });

  it('refuses a state directory others can write, and a symlinked one', async () => {
    const open = fresh();
    mkdirSync(open);
    chmodSync(open, 0o777);
    const r = await write(open, 'x');
    expect(r.exitCode).toBe(STATE_DIR_UNSAFE);
    expect(r.stderr).toContain('must be owned by uid');
    expect(readdirSync(open)).toEqual([]);

    const real = fresh();
    mkdirSync(real, { mode: 0o700 });
    const link = fresh();
    symlinkSync(real, link);
    expect((await write(link, 'x')).exitCode).toBe(STATE_DIR_UNSAFE);
    expect(readdirSync(real)).toEqual([]);
  });
});
