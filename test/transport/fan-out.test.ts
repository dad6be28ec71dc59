import { describe, expect, it } from 'vitest';
import { DEFAULT_PARALLELISM, runOnHosts } from '../../src/transport/fan-out.js';

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tracker() {
  let inFlight = 0;
  let peak = 0;
  return {
    get peak() {
      return peak;
    },
    async around<T>(work: () => Promise<T>): Promise<T> {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await work();
      } finally {
        inFlight -= 1;
      }
    },
  };
}

describe('runOnHosts', () => {
  it('returns results in input order even when later hosts finish first', async () => {
    const hosts = Array.from({ length: 12 }, (_, i) => `h${i}`);
    const results = await runOnHosts(hosts, 4, async (h, i) => {
      await delay((12 - i) * 3);
      return `${h}:${i}`;
    });
    expect(results).toEqual(hosts.map((h, i) => `${h}:${i}`));
  });

  it('never has more than `parallelism` calls in flight, and reaches it', async () => {
    const t = tracker();
    await runOnHosts(Array.from({ length: 20 }, (_, i) => i), 3, (i) => t.around(() => delay(5 + (i % 4))));
    expect(t.peak).toBe(3);
  });

  it('defaults to 10 in flight', async () => {
    const t = tracker();
    await runOnHosts(Array.from({ length: 25 }, (_, i) => i), undefined, () => t.around(() => delay(5)));
    expect(DEFAULT_PARALLELISM).toBe(10);
    expect(t.peak).toBe(10);
  });

  it('treats a parallelism below one as one', async () => {
    const t = tracker();
    await runOnHosts([1, 2, 3], 0, () => t.around(() => delay(2)));
    expect(t.peak).toBe(1);
  });

  it('handles no hosts', async () => {
    expect(await runOnHosts([], 5, async () => 1)).toEqual([]);
  });

  it('stops starting calls after a rejection and rejects with it', async () => {
    const started: number[] = [];
    const run = runOnHosts([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await delay(5);
      if (i === 1) throw new Error('boom 1');
      return i;
    });
    await expect(run).rejects.toThrow('boom 1');
    expect(started.length).toBeLessThan(6);
  });
});
