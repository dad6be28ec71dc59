import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HolderOutput, type Frame } from '../../src/apply/holder-output.js';
import { lockHolderArgv, stateRequest, stepsRequest, tokenPath } from '../../src/apply/lock-script.js';
import { stepsParameters } from '../../src/apply/steps-script.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';

/**
 * The requests on the lock holder's stdin as the real bash holder reads them (lock-script.ts): a text of
 * each length around the 4 KiB that bash's `read -N` takes at a time, in a multibyte locale and in C, with
 * renewals between requests, and what makes the holder let go.
 */
describe('requests to the lock holder, read by length (real sh, bash and flock)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dirOf = () => {
    const d = mkdtempSync(join(tmpdir(), 'lvsplan-holder-requests-'));
    dirs.push(d);
    return d;
  };
  const id = (n: number) => n.toString(16).padStart(16, '0');

  /** Runs a holder whose stdin is `input` (it lets go at its end) under LC_ALL=`locale`; its frames, as apply reads them. */
  async function holder(d: string, locale: string, input: string, ids: string[]) {
    const lockPath = join(d, 'lock');
    const argv = lockHolderArgv('tok', 'A', 1, lockPath, 5, { stateDir: join(d, 'lib'), statePath: join(d, 'lib', 'state.json') });
    const r = await new ExecRunner(['env', `LC_ALL=${locale}`]).run(argv, { stdin: input, timeoutMs: 60_000 });
    const frames: Frame[] = [];
    const said: { locked: boolean; error?: string } = { locked: false };
    const out = new HolderOutput(null, 1 << 24, { onLocked: () => (said.locked = true), onFrame: (f) => frames.push(f), onError: (why) => (said.error = why) });
    for (const i of ids) out.expect(i);
    out.feed(r.stdout);
    expect(said).toEqual({ locked: true });
    expect(r.exitCode).toBe(0);
    // It let go: the token file gone, the lock file emptied.
    expect(existsSync(tokenPath('tok', lockPath))).toBe(false);
    expect(readFileSync(lockPath, 'utf8')).toBe('');
    return frames;
  }

  /** A text of exactly `bytes` bytes: ASCII, or 3-byte characters after a pad that puts one across each 4 KiB. */
  const textOf = (bytes: number, multibyte: boolean) => (multibyte ? 'a'.repeat(bytes % 3) + '€'.repeat(Math.floor(bytes / 3)) : 'x'.repeat(bytes));
  const LENGTHS = [0, 1, 2, 3, 4094, 4095, 4096, 4097, 4098, 8191, 8192, 8193, 12289];
  const HOSTILE = ['a\nb', '\n', '\n\n', "it's", '"', '\\', '\\n', '--', '-n', '-e', '$(touch never)', '`touch never`', '\x01', '\x7f', '\x01\x7f\x01', ' lead and trail ', '\t', '\r\n', 'é', '😀', '@@lvsplan-lock:end tok 0', 'steps 0000000000000001 000001 0\n'];
  const print = ['sh', '-c', 'printf "<%s>" "$@"', 'print'];

  for (const locale of ['C.UTF-8', 'C']) {
    it(`carries every word and stdin exactly at each length around 4 KiB, renewals between requests (LC_ALL=${locale})`, async () => {
      const d = dirOf();
      const words = [...LENGTHS.flatMap((n) => [textOf(n, false), textOf(n, true)]), ...HOSTILE];
      const stdins = [undefined, '', '\n', 'one line\n', 'no\n\nblank\n', ...LENGTHS.flatMap((n) => [`${textOf(n, false)}\n`, `${textOf(n, true)}\n`])];
      let input = '\n';
      const ids: string[] = [];
      const expected: { stdout: string; file: string; stdin: string }[] = [];
      // Each word alone (the report prints it), then all of them in one request.
      const requests: { words: string[]; stdin: string | undefined }[] = [...words.map((w, i) => ({ words: [w], stdin: stdins[i % stdins.length] })), { words, stdin: stdins.at(-1) }];
      requests.forEach((r, i) => {
        const file = join(d, `stdin.${i}`);
        const request = stepsRequest(id(i), stepsParameters([['sh', '-c', 'cat > "$1"', 'cat', file]], [...print, ...r.words]), r.stdin);
        expect(request).not.toBeNull();
        input += `${request}${'\n'.repeat(i % 3)}`;
        ids.push(id(i));
        expected.push({ stdout: r.words.map((w) => `<${w}>`).join(''), file, stdin: r.stdin ?? '' });
      });
      const record = `{"version": 1, "text": "${textOf(4097, true)}"}\n`;
      input += stateRequest(id(999), record, false);
      ids.push(id(999));
      const frames = await holder(d, locale, input, ids);
      expect(frames.map((f) => f.id)).toEqual(ids);
      expected.forEach((e, i) => {
        expect({ exitCode: frames[i]!.exitCode, stdout: frames[i]!.stdout }, `request ${i}`).toEqual({ exitCode: 0, stdout: e.stdout });
        expect(readFileSync(e.file, 'utf8'), `stdin of request ${i}`).toBe(e.stdin);
      });
      expect(frames.at(-1)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
      expect(readFileSync(join(d, 'lib', 'state.json'), 'utf8')).toBe(record);
      expect(existsSync(join(d, 'never'))).toBe(false);
      expect(existsSync('never')).toBe(false);
    });
  }

  it('lets go at a header that does not parse, or at a request cut short by the end of its stdin, answering nothing of it', async () => {
    const good = (n: number) => stepsRequest(id(n), stepsParameters([['true']], ['echo', `answer ${n}`]))!;
    const first = [{ id: id(1), stdout: 'answer 1\n', stderr: 'lvsplan-step 0\nlvsplan-report\n', exitCode: 0 }];
    for (const bad of ['renew\n', 'steps 1 1 0\n', good(2).slice(0, 31), good(2).replace('steps', 'STEPS'), good(2).replace(/ \d{6} /, ' 000000 '), good(2).replace('steps', 'state')]) {
      expect(await holder(dirOf(), 'C.UTF-8', `${good(1)}\n${bad}${good(3)}`, [id(1)]), JSON.stringify(bad)).toEqual(first);
    }
    // Cut short: the rest never comes (the apply or its connection gone).
    for (const cut of [1, 20, 32, 40, good(2).length - 1]) {
      expect(await holder(dirOf(), 'C.UTF-8', `${good(1)}\n${good(2).slice(0, cut)}`, [id(1)]), `cut at ${cut}`).toEqual(first);
    }
  });

  it('makes no request of what a request cannot carry: a NUL, a stdin or a record without its final newline', () => {
    const params = stepsParameters([['printf', '%s', 'a\0b']]);
    expect(stepsRequest(id(1), params)).toBeNull();
    expect(stepsRequest(id(1), stepsParameters([['cat']]), 'a\0b\n')).toBeNull();
    expect(stepsRequest(id(1), stepsParameters([['cat']]), 'no newline')).toBeNull();
    expect(stateRequest(id(1), '{}', true)).toBeNull();
    expect(stepsRequest('nothex', stepsParameters([['true']]))).toBeNull();
    // The lengths are of bytes: one three-byte character is three.
    expect(stepsRequest(id(1), ['0', '1', '€'])).toBe(`steps ${id(1)} 000003 0\n000000001 000000001 000000003 01€`);
    expect(stateRequest(id(2), '{"a": "€"}\n', true)).toBe(`state ${id(2)} 000002 1\n000000007 000000012 checked{"a": "€"}`);
  });
});
