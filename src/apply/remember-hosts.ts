import { dirname } from 'node:path';
import { readKnownHosts } from '../config/known-hosts.js';
import type { Plan } from '../plan/types.js';
import { knownHostsAfter, knownHostsBefore } from './known-hosts-update.js';
import { writeKnownHosts } from './known-hosts-io.js';
import type { ApplyResult } from './result.js';

/** Updates the configuration's known-hosts file around an apply; returns why it failed, or null. */
export function rememberHosts(plan: Plan, result?: Pick<ApplyResult, 'failed' | 'skipped'>): string | null {
  const binding = plan.knownHosts;
  if (!binding) return null;
  const previous = readKnownHosts(dirname(binding.file));
  if (previous.diagnostics.length > 0) return previous.diagnostics.map((d) => d.detail ?? d.summary).join('\n');
  const next = result ? knownHostsAfter(previous.hosts, plan, result) : knownHostsBefore(previous.hosts, plan);
  return writeKnownHosts(binding.file, next);
}
