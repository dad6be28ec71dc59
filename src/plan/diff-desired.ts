import { keyOf, type DesiredResource } from '../model/resource.js';
import { changedAttrs } from './attrs.js';
import { driftOf, makeChange } from './change-builder.js';
import type { PlanContext } from './plan-context.js';
import { replacePaths } from './replace-rules.js';
import type { ResourceChange } from './types.js';

/** A desired IPVS object or address against what the host has: create, update, replace or no-op. */
export function diffDesired(ctx: PlanContext, d: DesiredResource): ResourceChange {
  const key = keyOf(d);
  const obs = ctx.observed.get(key);
  const rec = ctx.recorded.get(key);
  const base = { host: d.host, type: d.type, id: d.id, after: d.attrs, drift: driftOf(rec, obs), realserver: d.realserver };
  if (!obs) return makeChange(ctx, { ...base, action: 'create', before: null });
  const changed = changedAttrs(obs.attrs, d.attrs);
  if (changed.length === 0) {
    return makeChange(ctx, { ...base, action: 'no-op', before: obs.attrs, adopted: !rec });
  }
  const forcing = replacePaths(d.type, changed);
  if (forcing.length > 0) {
    return makeChange(ctx, {
      ...base,
      action: 'replace',
      before: obs.attrs,
      replacePaths: forcing,
      reason: 'replace_because_cannot_update',
    });
  }
  return makeChange(ctx, { ...base, action: 'update', before: obs.attrs });
}
