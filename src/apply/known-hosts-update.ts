import type { KnownHost } from '../model/known-hosts.js';
import type { Plan } from '../plan/types.js';
import type { ApplyResult } from './result.js';

const byName = (a: KnownHost, b: KnownHost) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const known = (h: Plan['hosts'][number]): KnownHost => ({ name: h.name, role: h.role, connection: h.connection });

/** Before anything runs: every host the plan may touch is remembered, so an interrupted apply forgets none. */
export function knownHostsBefore(previous: readonly KnownHost[], plan: Plan): KnownHost[] {
  const out = new Map(previous.map((h) => [h.name, h]));
  for (const h of plan.hosts) out.set(h.name, known(h));
  return [...out.values()].sort(byName);
}

/**
 * After the run: configured hosts stay (apply); a host that left the configuration (or every host, after
 * destroy) is forgotten once all of its changes took, i.e. nothing of lvsplan's is left on it, and so is the
 * old name of a renamed host. With -target nothing is forgotten, since changes outside the targets were not
 * planned.
 */
export function knownHostsAfter(previous: readonly KnownHost[], plan: Plan, result: Pick<ApplyResult, 'failed' | 'skipped'>): KnownHost[] {
  const binding = plan.knownHosts;
  if (!binding || binding.targeted) return knownHostsBefore(previous, plan);
  // Every known host was read into the plan, except an old name of a renamed host: that one goes.
  const out = new Map(plan.hosts.map((h) => [h.name, known(h)]));
  const configured = new Set(binding.configured);
  const unfinished = new Set([...result.failed, ...result.skipped].map((o) => o.change.host));
  for (const h of plan.hosts) {
    const stays = plan.mode === 'apply' && configured.has(h.name);
    if (!stays && !unfinished.has(h.name)) out.delete(h.name);
  }
  return [...out.values()].sort(byName);
}
