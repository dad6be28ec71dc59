import type { Attrs, DesiredOf, ResourceOf } from '../model/resource.js';
import { driftOf, makeChange } from './change-builder.js';
import type { PlanContext } from './plan-context.js';
import type { ResourceChange } from './types.js';

/**
 * Sysctls always exist on a host, so they are never created or deleted: a desired value that differs
 * is an update, and a sysctl lvsplan stops managing is updated back to the value the state record
 * kept from before lvsplan first changed it.
 */
export function diffDesiredSysctl(ctx: PlanContext, d: DesiredOf<'sysctl'>): ResourceChange {
  const obs = observedSysctl(ctx, d.host, d.id);
  const rec = ctx.recordedAt(d.host, 'sysctl', d.id);
  const base = { host: d.host, type: 'sysctl' as const, id: d.id, after: d.attrs, drift: driftOf(rec, obs), sensitive: d.sensitive };
  if (obs && obs.attrs.value === d.attrs.value) {
    return makeChange(ctx, { ...base, action: 'no-op', before: obs.attrs, adopted: !rec });
  }
  return makeChange(ctx, { ...base, action: 'update', before: obs?.attrs ?? unreadable(d.id) });
}

/** Managed sysctls on `host` that are no longer desired: restore them (or just forget them). */
export function restoreSysctls(ctx: PlanContext, host: string, managedNames: Iterable<string>): ResourceChange[] {
  const originals = ctx.originals.get(host) ?? {};
  const out: ResourceChange[] = [];
  for (const name of managedNames) {
    if (ctx.desiredAt(host, 'sysctl', name)) continue;
    const obs = observedSysctl(ctx, host, name);
    const rec = ctx.recordedAt(host, 'sysctl', name);
    const original = Object.prototype.hasOwnProperty.call(originals, name) ? originals[name] : undefined;
    const before = obs?.attrs ?? unreadable(name);
    const base = {
      host,
      type: 'sysctl' as const,
      id: name,
      before,
      reason: 'restore_because_no_resource_config' as const,
      drift: driftOf(rec, obs),
    };
    if (original === undefined || before.value === original) {
      // Nothing to write; the change tells apply to drop the sysctl from the record.
      out.push(makeChange(ctx, { ...base, action: 'no-op', after: before }));
    } else {
      out.push(makeChange(ctx, { ...base, action: 'update', after: { name, value: original } }));
    }
  }
  return out;
}

/** Names of the sysctls the host's record says lvsplan manages, in record order. */
export function managedSysctlNames(ctx: PlanContext, host: string, recordSysctls: Iterable<string>): Set<string> {
  const names = new Set<string>(recordSysctls);
  for (const name of Object.keys(ctx.originals.get(host) ?? {})) names.add(name);
  return names;
}

function observedSysctl(ctx: PlanContext, host: string, name: string): ResourceOf<'sysctl'> | undefined {
  const obs = ctx.observedAt(host, 'sysctl', name);
  return obs?.type === 'sysctl' ? obs : undefined;
}

function unreadable(name: string): Attrs {
  return { name, value: null };
}
