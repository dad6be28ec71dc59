import type { DesiredResource } from '../model/resource.js';
import { attrsEqual, changedAttrs } from '../model/attrs-equal.js';
import { driftOf, makeChange, type ChangeSpec } from './change-builder.js';
import type { PlanContext } from './plan-context.js';
import type { Joined } from './resource-index.js';
import { replacePaths } from './replace-rules.js';
import type { ResourceChange } from './types.js';

/** A desired IPVS object or address (`e` its entry) against what the host has: create, update, replace or no-op. */
export function diffDesired(ctx: PlanContext, d: DesiredResource, e: Joined): ResourceChange {
  const obs = e.observed;
  const rec = e.recorded;
  const spec: ChangeSpec = {
    host: d.host,
    type: d.type,
    id: d.id,
    address: d.address || undefined,
    action: 'create',
    before: null,
    after: d.attrs,
    drift: driftOf(rec, obs),
    realserver: d.realserver,
    sensitive: d.sensitive,
  };
  if (!obs) return makeChange(ctx, spec);
  spec.before = obs.attrs;
  const changed = changedAttrs(obs.attrs, d.attrs);
  if (changed.length === 0) {
    spec.action = 'no-op';
    spec.adopted = !rec;
    return makeChange(ctx, spec);
  }
  const forcing = replacePaths(d.type, changed);
  if (forcing.length > 0) {
    spec.action = 'replace';
    spec.replacePaths = forcing;
    spec.reason = 'replace_because_cannot_update';
    return makeChange(ctx, spec);
  }
  spec.action = 'update';
  return makeChange(ctx, spec);
}

/** Whether diffDesired would give a no-op without drift: the object is on the host as configured, and as recorded. */
export function isQuietNoOp(d: DesiredResource, e: Joined): boolean {
  const obs = e.observed;
  // A destination read as configured is its configured object (providers/ipvs/expected.ts): its attributes need not be made.
  return obs !== undefined && (obs === d || attrsEqual(obs.attrs, d.attrs)) && driftOf(e.recorded, obs) === null;
}
