import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/cli/write-json.js';

const doc = { resource_changes: Array.from({ length: 50 }, (_, i) => ({ address: `virtual_server.s${i}`, weight: i })), lvsplan: { hosts: [] } };

describe('writeJson', () => {
  it('writes JSON.stringify and a newline, in pieces of about the given size, waiting for each to be handed on', async () => {
    const written: string[] = [];
    const log: string[] = [];
    await writeJson({ stdout: (t) => { written.push(t); log.push('write'); }, stdoutDrained: async () => void log.push('drained') }, doc, 200);
    expect(written.join('')).toBe(`${JSON.stringify(doc)}\n`);
    expect(written.length).toBeGreaterThan(5);
    for (const piece of written.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(200);
    expect(log.slice(0, 4)).toEqual(['write', 'drained', 'write', 'drained']);
  });

  it('writes a small document whole, also without stdoutDrained', async () => {
    const written: string[] = [];
    await writeJson({ stdout: (t) => void written.push(t) }, doc);
    expect(written).toEqual([`${JSON.stringify(doc)}\n`]);
  });

  it('stops at a write error and rejects with it', async () => {
    const written: string[] = [];
    const broken = new Error('EPIPE: broken pipe');
    const writing = writeJson({ stdout: (t) => void written.push(t), stdoutDrained: () => Promise.reject(broken) }, doc, 200);
    await expect(writing).rejects.toBe(broken);
    expect(written).toHaveLength(1);
  });

  it('stops when stdout throws', async () => {
    let calls = 0;
    const writing = writeJson({ stdout: () => { calls += 1; throw new Error('EBADF'); } }, doc, 200);
    await expect(writing).rejects.toThrow('EBADF');
    expect(calls).toBe(1);
  });

  it('with stdoutBytes: the same text in chunks of at most the given bytes, each untouched until its write is handed on', async () => {
    // Multi-byte text across chunk edges, and one member larger than a chunk (written on its own).
    const wide = { ...doc, note: 'größer → ☃ 𝄞'.repeat(3), more: Array.from({ length: 20 }, () => 'größer → ☃ 𝄞'), big: 'x'.repeat(500) };
    const chunks: Buffer[] = [];
    let pending: (() => void) | null = null;
    const writing = writeJson(
      {
        stdout: () => expect.unreachable('stdout'),
        stdoutBytes: (bytes) => {
          const copy = Buffer.from(bytes);
          chunks.push(copy);
          // Handed on later: the writer must not change these bytes before then.
          return new Promise((resolve) => {
            pending = () => {
              expect(Buffer.compare(Buffer.from(bytes), copy)).toBe(0);
              resolve();
            };
          });
        },
      },
      wide,
      200,
    );
    for (let i = 0; i < 1000 && pending === null; i++) await Promise.resolve();
    while (pending !== null) {
      const hand = pending as () => void;
      pending = null;
      hand();
      for (let i = 0; i < 1000 && pending === null; i++) await Promise.resolve();
    }
    await writing;
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`${JSON.stringify(wide)}\n`);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.filter((c) => c.length > 200).map((c) => c.toString())).toEqual([`,"big":"${'x'.repeat(500)}"`]);
  });

  it('with stdoutBytes: stops at a write error and rejects with it', async () => {
    const broken = new Error('EPIPE: broken pipe');
    let calls = 0;
    const writing = writeJson({ stdout: () => expect.unreachable('stdout'), stdoutBytes: () => (calls++, Promise.reject(broken)) }, doc, 200);
    await expect(writing).rejects.toBe(broken);
    expect(calls).toBe(1);
  });
});
