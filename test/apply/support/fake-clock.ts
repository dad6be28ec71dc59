import type { Clock } from '../../../src/apply/ports.js';

/** Time that moves only when someone sleeps; each sleep yields to other tasks once. */
export class FakeClock implements Clock {
  t = 1_700_000_000_000;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
    await new Promise((r) => setImmediate(r));
  }
}
