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
});
