import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { shellQuote, shellQuoteWord } from '../../src/transport/shell-quote.js';
import { HOSTILE, randomStrings, splitNul } from './support/hostile-strings.js';

const local = new LocalRunner();

/** Runs the quoted text through a real /bin/sh and returns the argv printf received. */
async function throughShell(args: string[], shell = '/bin/sh'): Promise<string[]> {
  const script = `printf '%s\\0' ${shellQuote(args)}`;
  const r = await local.run([shell, '-c', script]);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return splitNul(r.stdout);
}

describe('shellQuote', () => {
  it('leaves plain words alone and quotes everything else', () => {
    expect(shellQuote(['ipvsadm', '-A', '-t', '10.0.0.1:80', '-s', 'rr'])).toBe('ipvsadm -A -t 10.0.0.1:80 -s rr');
    expect(shellQuoteWord('')).toBe("''");
    expect(shellQuoteWord("it's")).toBe(`'it'\\''s'`);
    expect(shellQuoteWord('$HOME')).toBe(`'$HOME'`);
  });

  it('delivers each hostile argument intact through /bin/sh', async () => {
    for (const arg of HOSTILE) expect(await throughShell([arg])).toEqual([arg]);
  });

  it('delivers all hostile arguments at once, in order', async () => {
    expect(await throughShell(HOSTILE)).toEqual(HOSTILE);
  });

  it('delivers pseudo-random strings intact', async () => {
    const strings = randomStrings(400);
    expect(await throughShell(strings)).toEqual(strings);
  });

  it.skipIf(!existsSync('/bin/bash'))('delivers them intact through bash, a common login shell', async () => {
    const strings = [...HOSTILE, ...randomStrings(200, 7)];
    expect(await throughShell(strings, '/bin/bash')).toEqual(strings);
  });

  it('rejects NUL bytes, which no argv can carry', () => {
    expect(() => shellQuote(['a\0b'])).toThrow(/NUL/);
  });
});
