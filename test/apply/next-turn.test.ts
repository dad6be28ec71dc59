import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import type { HostReader } from '../../src/apply/ports.js';
import { Cluster, desired, fakeReader } from './support/cluster.js';

/** Counts the event loop's turns (a setImmediate chain) until stopped. */
function turnCounter() {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => turns, stop: () => (running = false) };
}

describe('long synchronous stages of an apply run in turns of their own (the locks are renewed between them)', () => {
  it('parses the read of each host in a turn of its own, hosts in parallel included', async () => {
    const c = new Cluster();
    const plan = await c.plan(desired());
    const turns = turnCounter();
    const parsedAt: number[] = [];
    const reader: HostReader = {
      argv: fakeReader.argv,
      parse: (spec, r) => {
        parsedAt.push(turns.now());
        return fakeReader.parse(spec, r);
      },
    };
    const result = await executePlan(plan, { ...c.deps({ reader }), savedPlan: true });
    turns.stop();
    expect(result.exitCode).toBe(0);
    // The three holders' reads, then each host's re-read after its changes.
    expect(parsedAt.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < parsedAt.length; i++) expect(parsedAt[i]).toBeGreaterThan(parsedAt[i - 1]!);
  });
});
