/** The last turn handed out: turns asked for together are handed out one per turn of the event loop. */
let last: Promise<void> = Promise.resolve();

/**
 * Waits for a turn of the event loop of its own, so that timers and I/O run between long synchronous stages:
 * above all the apply locks' renewals, written by a timer (host-lock.ts). A stage that holds the thread longer
 * than a lease loses its locks; at 100,000 destinations the read's parse, the plan and the batch take seconds
 * each. Hosts working in parallel that ask at once get consecutive turns, not one turn for all their stages.
 */
export function nextTurn(): Promise<void> {
  last = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return last;
}
