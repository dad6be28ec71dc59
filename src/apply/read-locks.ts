import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { acquireHostLock, type HeldLock } from './host-lock.js';

export interface ReadLocks {
  release(): Promise<void>;
}

/**
 * Every host's apply lock, for a read that must not see an apply half done (plan -lock-timeout): taken
 * one host after another in name order, as apply takes them, each waiting up to timeoutMs for an apply
 * that holds it. Null, with the reason as an error, when a host stays locked or cannot take the lock.
 */
export async function takeReadLocks(
  runners: ReadonlyMap<string, CommandRunner>,
  timeoutMs: number,
  diags: Diagnostic[],
  lockPath?: string,
): Promise<ReadLocks | null> {
  const token = randomBytes(8).toString('hex');
  const holder = `lvsplan plan, pid ${process.pid} on ${hostname()}, started ${new Date().toISOString()}`;
  const held: HeldLock[] = [];
  const release = async (): Promise<void> => {
    await Promise.all(held.map((l) => l.release().catch(() => undefined)));
  };
  for (const host of [...runners.keys()].sort()) {
    const r = await acquireHostLock({ runner: runners.get(host)!, token, holder, timeoutMs, ...(lockPath ? { lockPath } : {}) });
    if (r.ok) {
      held.push(r.lock);
      continue;
    }
    diags.push(errorDiag(`Error acquiring the apply lock on ${host}`, `${r.error}.\nplan waited for it because of -lock-timeout; nothing was read. Wait for the apply to finish, give a longer -lock-timeout, or plan with -lock=false to read without waiting.`));
    await release();
    return null;
  }
  return { release };
}
