import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HashWriter } from '../../providers/hash-writer.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function written(pieces: readonly string[], json: readonly unknown[] = []): string {
  const hash = createHash('sha256');
  const w = new HashWriter(hash);
  for (const p of pieces) w.write(p);
  for (const v of json) w.writeJson(v);
  w.flush();
  return hash.digest('hex');
}

describe('HashWriter', () => {
  it('hashes the same bytes as the joined text, across chunk boundaries and for pieces longer than a chunk', () => {
    const pieces = ['tcp:10.0.0.1:80', '\u0000', 'é ü 日本 😀', 'x'.repeat(700_000), 'y'.repeat(2_000_000), '\n', ''];
    for (let i = 0; i < 5000; i++) pieces.push(`line ${i} ${'z'.repeat(i % 97)}\n`);
    expect(written(pieces)).toBe(sha(pieces.join('')));
  });

  it('writes values as JSON.stringify does', () => {
    const values = [0, -0, 8080, 1.5, -3, NaN, Infinity, null, true, false, '', 'nat', 'a"b', 'back\\slash', 'tab\there', '\u0001', '\u007f', 'é', '\ud800 lone', '😀', 'v'.repeat(65), ['sh-port', 'x"y'], []];
    expect(written([], values)).toBe(sha(values.map((v) => JSON.stringify(v)).join('')));
  });
});
