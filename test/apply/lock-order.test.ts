import { describe, expect, it } from 'vitest';
import type { LockOutcome } from '../../src/apply/host-lock.js';
import { lockInOrder } from '../../src/apply/lock-order.js';

const held: LockOutcome = { ok: true, lock: { release: async () => undefined }, read: null, holdReleased: false };
const busy: LockOutcome = { ok: false, error: 'held by pid 7', busy: true };
const unreachable: LockOutcome = { ok: false, error: 'connection refused', busy: false };

/** Records when each host's lock was asked for and answered, each answer after `ms`. */
function recorder(outcome: (host: string) => LockOutcome, ms = 20) {
  const events: string[] = [];
  let inFlight = 0;
  let most = 0;
  const lockOne = async (host: string) => {
    events.push(`start ${host}`);
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    events.push(`end ${host}`);
    return { host, r: outcome(host) };
  };
  return { events, lockOne, most: () => most };
}

describe('lockInOrder', () => {
  it('takes the first host in name order alone, then the rest in parallel up to the parallelism', async () => {
    const rec = recorder(() => held);
    const out = await lockInOrder(['c', 'a', 'e', 'b', 'd'], 3, rec.lockOne);
    expect(rec.events.slice(0, 2)).toEqual(['start a', 'end a']);
    expect(rec.events.slice(2, 5)).toEqual(['start b', 'start c', 'start d']);
    expect(rec.most()).toBe(3);
    expect(out.map((o) => o.host)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('tries no other host when the first is held by another run', async () => {
    const rec = recorder((h) => (h === 'a' ? busy : held));
    const out = await lockInOrder(['b', 'a', 'c'], 10, rec.lockOne);
    expect(out.map((o) => o.host)).toEqual(['a']);
    expect(rec.events).toEqual(['start a', 'end a']);
  });

  it('goes on past a first host that cannot run the lock at all (it is reported, the others are taken)', async () => {
    const rec = recorder((h) => (h === 'a' ? unreachable : held));
    const out = await lockInOrder(['a', 'b'], 10, rec.lockOne);
    expect(out.map((o) => [o.host, o.r.ok])).toEqual([['a', false], ['b', true]]);
  });

  it('takes nothing for no hosts', async () => {
    expect(await lockInOrder([], 10, recorder(() => held).lockOne)).toEqual([]);
  });
});
