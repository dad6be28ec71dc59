import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HolderOutput, type Frame } from '../../src/apply/holder-output.js';
import { lockHolderArgv, stateRequest, STDIN_COPY_BYTES, stepsRequest, tokenPath } from '../../src/apply/lock-script.js';
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

  /**
   * Runs a holder whose stdin is `input` (it lets go at its end) under LC_ALL=`locale`, with `path` before PATH when
   * given; its frames, as apply reads them.
   */
  async function holder(d: string, locale: string, input: string, ids: string[], path?: string) {
    const lockPath = join(d, 'lock');
    const argv = lockHolderArgv('tok', 'A', 1, lockPath, 5, { stateDir: join(d, 'lib'), statePath: join(d, 'lib', 'state.json') });
    const env = path === undefined ? [] : [`PATH=${path}:${process.env.PATH}`];
    const r = await new ExecRunner(['env', `LC_ALL=${locale}`, ...env]).run(argv, { stdin: input, timeoutMs: 60_000 });
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
    // Nor is a stdin it copied left behind.
    expect(existsSync(`${tokenPath('tok', lockPath)}.stdin`)).toBe(false);
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
    const good = (n: number) => stepsRequest(id(n), stepsParameters([['true']], ['echo', `answer ${n}`]))!.toString();
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
    expect(stepsRequest(id(1), ['0', '1', '€'])?.toString()).toBe(`steps ${id(1)} 000003 0\n000000001 000000001 000000003 01€`);
    expect(stateRequest(id(2), '{"a": "€"}\n', true)?.toString()).toBe(`state ${id(2)} 000002 1\n000000007 000000013 checked{"a": "€"}\n`);
  });
  describe(`a stdin longer than ${STDIN_COPY_BYTES} bytes, copied by head -c to a private file`, () => {
    /** A directory holding `head`: the real one behind a log of each call, or one that says it is not GNU's and reads on past its count. */
    const heads = (d: string, kind: 'logged' | 'greedy') => {
      const bin = join(d, 'bin');
      mkdirSync(bin);
      const real = '/usr/bin/head';
      const body = kind === 'logged' ? `printf '%s\\n' "$*" >> ${join(d, 'head.log')}\nexec ${real} "$@"` : `case $1 in --version) echo 'head (BusyBox) 1.36';; *) exec cat;; esac`;
      writeFileSync(join(bin, 'head'), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, 'head'), 0o755);
      return bin;
    };
    /** The step that keeps its stdin, and the mode of the file it reads it from (the holder's copy, for a long one). */
    const keep = (d: string, i: number) => [['sh', '-c', 'cat > "$1"; stat -L -c %a /dev/stdin > "$1.mode"', 'keep', join(d, `stdin.${i}`)]];
    const SIZES = [STDIN_COPY_BYTES - 1, STDIN_COPY_BYTES, STDIN_COPY_BYTES + 1, STDIN_COPY_BYTES + 2, 3_000_001];

    for (const locale of ['C.UTF-8', 'C']) {
      it(`carries each stdin exactly around the size where the copy starts and at 3 MB, the requests after it answered (LC_ALL=${locale})`, async () => {
        const d = dirOf();
        const stdins = SIZES.flatMap((n) => [`${textOf(n - 1, false)}\n`, `${textOf(n - 1, true)}\n`]);
        let input = '';
        const ids: string[] = [];
        stdins.forEach((stdin, i) => {
          // Renewals and the next request right behind each stdin, in the same pipe: a copy that took one byte more would break them.
          input += `${stepsRequest(id(i), stepsParameters(keep(d, i), ['echo', `answer ${i}`]), stdin)}${'\n'.repeat(i % 2)}`;
          ids.push(id(i));
        });
        const record = `{"version": 1, "text": "${textOf(STDIN_COPY_BYTES + 7, true)}"}\n`;
        input += stateRequest(id(999), record, false);
        ids.push(id(999));
        input += stepsRequest(id(1000), stepsParameters([['true']], ['sh', '-c', 'stat -c %s "$1"', 'size', `${tokenPath('tok', join(d, 'lock'))}.stdin`]));
        ids.push(id(1000));
        const frames = await holder(d, locale, input, ids, heads(d, 'logged'));
        expect(frames.map((f) => f.id)).toEqual(ids);
        stdins.forEach((stdin, i) => {
          expect({ exitCode: frames[i]!.exitCode, stdout: frames[i]!.stdout }, `request ${i}`).toEqual({ exitCode: 0, stdout: `answer ${i}\n` });
          expect(Buffer.byteLength(stdin), `stdin ${i}`).toBe(SIZES[Math.floor(i / 2)]);
          expect(readFileSync(join(d, `stdin.${i}`), 'utf8') === stdin, `stdin of request ${i}`).toBe(true);
        });
        // The copy is the holder's own: mode 0600, and emptied once its request is answered.
        const copied = stdins.map((s, i) => [Buffer.byteLength(s) > STDIN_COPY_BYTES, readFileSync(join(d, `stdin.${i}.mode`), 'utf8').trim()]);
        expect(copied.filter(([big]) => big).every(([, mode]) => mode === '600')).toBe(true);
        expect(frames.at(-2)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
        expect(readFileSync(join(d, 'lib', 'state.json'), 'utf8') === record).toBe(true);
        expect(frames.at(-1)).toMatchObject({ exitCode: 0, stdout: '0\n' });
        // head copied the stdins longer than STDIN_COPY_BYTES (all but their newline) and the record, and nothing else; asked once what it is.
        const big = [...stdins, record].map((s) => Buffer.byteLength(s)).filter((n) => n > STDIN_COPY_BYTES);
        expect(readFileSync(join(d, 'head.log'), 'utf8')).toBe(['--version', ...big.map((n) => `-c ${n - 1}`)].map((l) => `${l}\n`).join(''));
      });
    }

    it('reads through bash where head is not GNU\'s (one that reads on past its count would take the next requests)', async () => {
      const d = dirOf();
      const stdins = [`${textOf(STDIN_COPY_BYTES + 1, true)}\n`, `${textOf(1_000_000, false)}\n`];
      const ids = stdins.map((_, i) => id(i));
      const input = stdins.map((stdin, i) => stepsRequest(id(i), stepsParameters(keep(d, i), ['echo', `answer ${i}`]), stdin)).join('\n');
      const frames = await holder(d, 'C.UTF-8', input, ids, heads(d, 'greedy'));
      expect(frames.map((f) => [f.id, f.exitCode, f.stdout])).toEqual(ids.map((i, k) => [i, 0, `answer ${k}\n`]));
      stdins.forEach((stdin, i) => expect(readFileSync(join(d, `stdin.${i}`), 'utf8') === stdin, `stdin of request ${i}`).toBe(true));
    });

    it('runs nothing of a request whose copied stdin was cut short, or does not end with its newline, and lets go', async () => {
      const answered = stepsRequest(id(1), stepsParameters([['true']], ['echo', 'answer 1']))!.toString();
      const first = [{ id: id(1), stdout: 'answer 1\n', stderr: 'lvsplan-step 0\nlvsplan-report\n', exitCode: 0 }];
      const big = (d: string) => stepsRequest(id(2), stepsParameters([['sh', '-c', 'cat > "$1"', 'ran', join(d, 'ran')]]), `${textOf(STDIN_COPY_BYTES + 100, false)}\n`)!.toString();
      const cases: [string, (r: string) => string][] = [
        ['cut in its stdin', (r) => r.slice(0, r.length - 50)],
        ['cut before its newline', (r) => r.slice(0, -1)],
        ['no newline at its end', (r) => `${r.slice(0, -1)}x${answered}`],
      ];
      for (const [what, cut] of cases) {
        const d = dirOf();
        expect(await holder(d, 'C.UTF-8', `${answered}${cut(big(d))}`, [id(1)], heads(d, 'logged')), what).toEqual(first);
        expect(existsSync(join(d, 'ran')), what).toBe(false);
        expect(readFileSync(join(d, 'head.log'), 'utf8'), what).toContain(`-c ${STDIN_COPY_BYTES + 100}`);
      }
    });
  });
});
