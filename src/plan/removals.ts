import { splitDestinationId } from '../model/identity.js';
import type { Attrs, ResourceInstance, ResourceOf } from '../model/resource.js';
import { driftOf, makeChange } from './change-builder.js';
import { DEFAULT_DRAIN_TIMEOUT_SECONDS } from './observed.js';
import type { PlanContext } from './plan-context.js';
import type { ActionReason, ResourceChange, UnmanagedObject } from './types.js';

type ServiceFate = { kind: 'delete'; reason: ActionReason } | { kind: 'unmanaged' };

/**
 * Observed IPVS objects and addresses on one host that are not desired. Ownership decides: what the
 * state record lists is deleted; a managed service's extra destinations are deleted (drained); other
 * services are unmanaged and left alone unless the director is exclusive; other addresses are ignored.
 */
export function planRemovals(
  ctx: PlanContext,
  host: string,
  resources: readonly ResourceInstance[],
): { changes: ResourceChange[]; unmanaged: UnmanagedObject[] } {
  const changes: ResourceChange[] = [];
  const unmanaged: UnmanagedObject[] = [];
  const fates = new Map<string, ServiceFate>();

  for (const o of resources) {
    if (o.type !== 'ipvs_service' || ctx.desired.has(host, o.type, o.id)) continue;
    const rec = ctx.recorded.get(host, o.type, o.id);
    let fate: ServiceFate;
    if (rec) fate = { kind: 'delete', reason: 'delete_because_no_resource_config' };
    else if (ctx.mode === 'apply' && ctx.exclusive(host)) fate = { kind: 'delete', reason: 'delete_because_unmanaged_exclusive' };
    else fate = { kind: 'unmanaged' };
    fates.set(o.id, fate);
    if (fate.kind === 'unmanaged') unmanaged.push({ host, type: o.type, id: o.id, attrs: o.attrs });
    else changes.push(deletion(ctx, host, o, fate.reason, driftOf(rec, o)));
  }

  for (const o of resources) {
    if (o.type === 'ipvs_destination') {
      if (ctx.desired.has(host, o.type, o.id)) continue;
      const svcId = o.attrs.service;
      const rec = ctx.recorded.get(host, o.type, o.id);
      const fate = fates.get(svcId);
      const drain = drainFor(ctx, host, svcId);
      if (ctx.desired.has(host, 'ipvs_service', svcId)) {
        // Not in the record although the service is: it was added outside lvsplan.
        const appeared = !rec && ctx.recorded.has(host, 'ipvs_service', svcId) ? { recorded: null } : null;
        changes.push(deletion(ctx, host, o, 'delete_because_no_resource_config', appeared ?? driftOf(rec, o), drain));
      } else if (fate?.kind === 'delete') {
        changes.push(deletion(ctx, host, o, fate.reason, driftOf(rec, o), drain));
      } else if (fate?.kind === 'unmanaged' || !rec) {
        unmanaged.push({ host, type: o.type, id: o.id, attrs: o.attrs });
      } else {
        changes.push(deletion(ctx, host, o, 'delete_because_no_resource_config', driftOf(rec, o), drain));
      }
    } else if (o.type === 'address') {
      if (ctx.desired.has(host, o.type, o.id)) continue;
      const rec = ctx.recorded.get(host, o.type, o.id);
      if (rec) changes.push(deletion(ctx, host, o, 'delete_because_no_resource_config', driftOf(rec, o)));
    }
  }
  return { changes, unmanaged };
}

function deletion(
  ctx: PlanContext,
  host: string,
  o: ResourceInstance,
  reason: ActionReason,
  drift: { recorded: Attrs | null } | null,
  drain?: { timeoutSeconds: number },
): ResourceChange {
  const realserver = o.type === 'ipvs_destination' ? realserverOfRemoved(ctx, host, o) : undefined;
  return makeChange(ctx, { host, type: o.type, id: o.id, action: 'delete', before: o.attrs, after: null, reason, drift, drain, realserver });
}

/** The real server behind a destination being removed: as configured or recorded, else the host that owns its address. */
function realserverOfRemoved(ctx: PlanContext, host: string, o: ResourceOf<'ipvs_destination'>): string | undefined {
  return ctx.named.get(host, o.type, o.id)?.realserver ?? ctx.recorded.get(host, o.type, o.id)?.realserver ?? ctx.realserverAt.get(o.attrs.address);
}

function drainFor(ctx: PlanContext, director: string, serviceId: string): { timeoutSeconds: number } | undefined {
  const t = ctx.drainTimeouts[director]?.[serviceId] ?? DEFAULT_DRAIN_TIMEOUT_SECONDS;
  return t > 0 ? { timeoutSeconds: t } : undefined;
}
