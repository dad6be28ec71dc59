import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { acquireHostLock } from './host-lock.js';
import { lockInOrder } from './lock-order.js';

export interface ReadLocks {
  release(): Promise<void>;
}

/**
 * Every host's apply lock, for a read that must not see an apply half done (plan -lock-timeout): taken
 * as apply takes them (lock-order.ts), each waiting up to timeoutMs for an apply that holds it. Null,
 * with the reason as an error, when a host stays locked or cannot take the lock; then none is kept.
 */
export async function takeReadLocks(
  runners: ReadonlyMap<string, CommandRunner>,
  timeoutMs: number,
  parallelism: number,
  diags: Diagnostic[],
  lockPath?: string,
): Promise<ReadLocks | null> {
  const token = randomBytes(8).toString('hex');
  const holder = `lvsplan plan, pid ${process.pid} on ${hostname()}, started ${new Date().toISOString()}`;
  const outcomes = await lockInOrder([...runners.keys()], parallelism, async (host) => ({
    host,
    r: await acquireHostLock({ runner: runners.get(host)!, token, holder, timeoutMs, ...(lockPath ? { lockPath } : {}) }),
  }));
  const held = outcomes.flatMap((o) => (o.r.ok ? [o.r.lock] : []));
  const release = async (): Promise<void> => {
    await Promise.all(held.map((l) => l.release().catch(() => undefined)));
  };
  if (outcomes.every((o) => o.r.ok)) return { release };
  for (const o of outcomes) {
    if (!o.r.ok) diags.push(errorDiag(`Error acquiring the apply lock on ${o.host}`, `${o.r.error}.\nplan waited for it because of -lock-timeout; nothing was read. Wait for the apply to finish, give a longer -lock-timeout, or plan with -lock=false to read without waiting.`));
  }
  await release();
  return null;
}
