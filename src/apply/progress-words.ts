import type { ResourceChange } from '../plan/types.js';
import type { ApplyEvent } from './events.js';

/** Terraform's apply wording per action. */
export function verbs(c: ResourceChange): { doing: string; done: string } {
  if (c.reason === 'restore_because_no_resource_config') return { doing: 'Restoring...', done: 'Restore complete' };
  switch (c.action) {
    case 'create':
      return { doing: 'Creating...', done: 'Creation complete' };
    case 'delete':
      return { doing: 'Destroying...', done: 'Destruction complete' };
    case 'replace':
      return { doing: 'Replacing...', done: 'Replacement complete' };
    default:
      return { doing: 'Modifying...', done: 'Modifications complete' };
  }
}

/** 0s, 42s, 1m5s */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

function connections(n: number, inactive: number | undefined): string {
  if (n < 0) return 'active connections unknown';
  return `${n} active connection${n === 1 ? '' : 's'}${inactive === undefined ? '' : `, ${inactive} inactive`}`;
}

/** The line an event prints, or null for events that print nothing. */
export function eventLine(e: ApplyEvent): string | null {
  switch (e.kind) {
    case 'lock-wait':
      return `${e.host}: Acquiring apply lock...`;
    case 'locked':
      return null;
    case 'start':
      return `${e.change.host}: ${e.change.address}: ${verbs(e.change).doing}`;
    case 'complete':
      return `${e.change.host}: ${e.change.address}: ${verbs(e.change).done} after ${elapsed(e.elapsedMs)}`;
    case 'failed':
      return `${e.change.host}: ${e.change.address}: Error: ${e.message}`;
    case 'skipped':
      return `${e.change.host}: ${e.change.address}: Skipped: ${e.reason}`;
    case 'draining':
      return `${e.change.host}: ${e.change.address}: Draining... (${connections(e.active, e.inactive)}, ${elapsed(e.elapsedMs)} of ${elapsed(e.timeoutMs)})`;
    case 'drain-timeout':
      return `${e.change.host}: ${e.change.address}: Drain timeout reached with ${connections(e.active, e.inactive)}; removing`;
    case 'verify':
      return e.ok ? null : `${e.host}: Verification failed`;
  }
}
