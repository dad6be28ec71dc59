import type { Attrs, ResourceInstance, ResourceOf } from '../model/resource.js';
import { driftOf, makeChange } from './change-builder.js';
import { DEFAULT_DRAIN_TIMEOUT_SECONDS } from './observed.js';
import type { PlanContext } from './plan-context.js';
import type { Joined } from './resource-index.js';
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
  entries: readonly Joined[],
): { changes: ResourceChange[]; unmanaged: UnmanagedObject[] } {
  const changes: ResourceChange[] = [];
  const unmanaged: UnmanagedObject[] = [];
  const fates = new Map<string, ServiceFate>();

  for (let i = 0; i < resources.length; i++) {
    const o = resources[i]!;
    const e = entries[i]!;
    if (o.type !== 'ipvs_service' || ctx.planned(e)) continue;
    const rec = e.recorded;
    let fate: ServiceFate;
    if (rec) fate = { kind: 'delete', reason: 'delete_because_no_resource_config' };
    else if (ctx.mode === 'apply' && ctx.exclusive(host)) fate = { kind: 'delete', reason: 'delete_because_unmanaged_exclusive' };
    else fate = { kind: 'unmanaged' };
    fates.set(o.id, fate);
    if (fate.kind === 'unmanaged') unmanaged.push({ host, type: o.type, id: o.id, attrs: o.attrs });
    else changes.push(deletion(ctx, host, o, fate.reason, driftOf(rec, o)));
  }

  for (let i = 0; i < resources.length; i++) {
    const o = resources[i]!;
    const e = entries[i]!;
    if (o.type === 'ipvs_destination') {
      if (ctx.planned(e)) continue;
      const svcId = o.attrs.service;
      const rec = e.recorded;
      const fate = fates.get(svcId);
      const drain = drainFor(ctx, host, svcId);
      const svc = ctx.index.get(host, 'ipvs_service', svcId);
      if (svc && ctx.planned(svc)) {
        // Not in the record although the service is: it was added outside lvsplan.
        const appeared = !rec && svc.recorded ? { recorded: null } : null;
        changes.push(deletion(ctx, host, o, 'delete_because_no_resource_config', appeared ?? driftOf(rec, o), drain, realserverOfRemoved(ctx, o, e)));
      } else if (fate?.kind === 'delete') {
        changes.push(deletion(ctx, host, o, fate.reason, driftOf(rec, o), drain, realserverOfRemoved(ctx, o, e)));
      } else if (fate?.kind === 'unmanaged' || !rec) {
        unmanaged.push({ host, type: o.type, id: o.id, attrs: o.attrs });
      } else {
        changes.push(deletion(ctx, host, o, 'delete_because_no_resource_config', driftOf(rec, o), drain, realserverOfRemoved(ctx, o, e)));
      }
    } else if (o.type === 'address') {
      if (ctx.planned(e)) continue;
      const rec = e.recorded;
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
  realserver?: string,
): ResourceChange {
  return makeChange(ctx, { host, type: o.type, id: o.id, action: 'delete', before: o.attrs, after: null, reason, drift, drain, realserver });
}

/** The real server behind a destination being removed: as configured or recorded, else the host that owns its address. */
function realserverOfRemoved(ctx: PlanContext, o: ResourceOf<'ipvs_destination'>, e: Joined): string | undefined {
  return e.named?.realserver ?? e.recorded?.realserver ?? ctx.realserverAt.get(o.attrs.address);
}

function drainFor(ctx: PlanContext, director: string, serviceId: string): { timeoutSeconds: number } | undefined {
  const t = ctx.drainTimeouts[director]?.[serviceId] ?? DEFAULT_DRAIN_TIMEOUT_SECONDS;
  return t > 0 ? { timeoutSeconds: t } : undefined;
}
