import { runOnHosts } from '../transport/fan-out.js';
import type { LockOutcome } from './host-lock.js';

/**
 * Takes every host's lock the way two racing runs cannot deadlock on: the first host in name order
 * alone, where racers meet (so one gets every lock and the other waits or fails, instead of each
 * holding some), then the rest in parallel. When the first is busy the rest are not tried.
 */
export async function lockInOrder<T extends { r: LockOutcome }>(hosts: readonly string[], parallelism: number, lockOne: (host: string) => Promise<T>): Promise<T[]> {
  const [first, ...rest] = [...hosts].sort();
  if (first === undefined) return [];
  const head = await lockOne(first);
  if (!head.r.ok && head.r.busy) return [head];
  return [head, ...(await runOnHosts(rest, parallelism, lockOne))];
}
