import type { ResourceChange } from '../plan/types.js';
import { succeeded, type CommandRunner } from '../transport/command-runner.js';
import { HOST_COMMAND_LIMIT_MS } from './command-limit.js';
import type { HoldRepair } from './lock-script.js';
import { sysctlPath } from '../model/names/sysctl-name.js';

/**
 * A scheduler change is not atomic in the kernel: since Linux 3.10 ip_vs_edit_service() unbinds the
 * old scheduler and waits in synchronize_rcu() with none bound before binding the new one. A SYN that
 * arrives meanwhile finds no destination, and ip_vs_leave() answers ICMP port unreachable, which the
 * client takes as "connection refused". While such a batch runs, the director's per-netns ICMP rate
 * limit is raised so far that the answer is never sent: the SYN is just dropped, the client retransmits
 * it a second later and reaches the new scheduler.
 */
export const ICMP_RATELIMIT = 'net.ipv4.icmp_ratelimit';
/** Milliseconds between ICMP errors to one peer while a switch runs; also marks a switch left unfinished. */
export const HELD_RATELIMIT = '86400000';
/** The kernel's default, restored when a previous run died holding the limit. */
const KERNEL_DEFAULT_RATELIMIT = '1000';

export function switchesScheduler(changes: readonly ResourceChange[]): boolean {
  return changes.some((c) => c.type === 'ipvs_service' && c.before && c.after && c.before.scheduler !== c.after.scheduler);
}

/** Runs `batch` with refusals held back; the original rate limit is put back whatever happens. */
export async function withRefusalsHeld<T>(runner: CommandRunner, batch: () => Promise<T>): Promise<T> {
  const read = await runner.run(['sysctl', '-n', ICMP_RATELIMIT], { timeoutMs: HOST_COMMAND_LIMIT_MS });
  const seen = succeeded(read) ? read.stdout.trim() : null;
  if (seen === null || !/^\d+$/.test(seen)) return batch();
  const original = seen === HELD_RATELIMIT ? KERNEL_DEFAULT_RATELIMIT : seen;
  await runner.run(['sysctl', '-q', '-w', `${ICMP_RATELIMIT}=${HELD_RATELIMIT}`], { timeoutMs: HOST_COMMAND_LIMIT_MS });
  try {
    return await batch();
  } finally {
    await runner.run(['sysctl', '-q', '-w', `${ICMP_RATELIMIT}=${original}`], { timeoutMs: HOST_COMMAND_LIMIT_MS });
  }
}

/** A rate limit an interrupted run left raised, put back to the kernel default by the next apply's lock holder on the director. */
export const LEFTOVER_HOLD: HoldRepair = { path: sysctlPath(ICMP_RATELIMIT), held: HELD_RATELIMIT, unheld: KERNEL_DEFAULT_RATELIMIT };

export const HOLD_RELEASED_DETAIL = `An interrupted apply had left ${ICMP_RATELIMIT} raised for a scheduler switch; it is back at the kernel default, ${KERNEL_DEFAULT_RATELIMIT}.`;

/** The same repair as a command of its own, for an apply that takes no locks (-lock=false); true when it put the limit back. */
export async function releaseLeftoverHold(runner: CommandRunner): Promise<boolean> {
  const read = await runner.run(['sysctl', '-n', ICMP_RATELIMIT], { timeoutMs: HOST_COMMAND_LIMIT_MS });
  if (!succeeded(read) || read.stdout.trim() !== LEFTOVER_HOLD.held) return false;
  return succeeded(await runner.run(['sysctl', '-q', '-w', `${ICMP_RATELIMIT}=${LEFTOVER_HOLD.unheld}`], { timeoutMs: HOST_COMMAND_LIMIT_MS }));
}
