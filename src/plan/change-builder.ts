import { formatAddrPort } from '../model/ip-address.js';
import type { Attrs, AttrsOf, ResourceInstance, ResourceType } from '../model/resource.js';
import type { ManagedEntry } from '../model/state-record.js';
import { attrsEqual } from '../model/attrs-equal.js';
import { orphanAddress, orphanDestinationAddress } from './addresses.js';
import { phaseOf } from './ordering.js';
import type { PlanContext } from './plan-context.js';
import type { Action, ActionReason, ResourceChange } from './types.js';

export interface ChangeSpec {
  host: string;
  type: ResourceType;
  id: string;
  /** The resource's address when the caller knows it (a desired resource's own); else derived. */
  address?: string;
  action: Action;
  before: Attrs | null;
  after: Attrs | null;
  replacePaths?: string[];
  reason?: ActionReason;
  drift?: { recorded: Attrs | null } | null;
  drain?: { timeoutSeconds: number };
  adopted?: boolean;
  realserver?: string;
  sensitive?: string[];
}

export function addressFor(ctx: PlanContext, host: string, type: ResourceType, id: string, attrs: Attrs | null): string {
  if (type === 'ipvs_destination') return destinationAddress(ctx, host, attrs as AttrsOf<'ipvs_destination'>);
  const e = ctx.index.get(host, type, id);
  const named = e?.named ?? e?.recorded;
  return named?.address || orphanAddress(host, ctx.role(host), type, id, attrs);
}

/** A destination's configuration address (or recorded one), else its address below its service's. */
function destinationAddress(ctx: PlanContext, host: string, d: AttrsOf<'ipvs_destination'>): string {
  const e = ctx.index.destination(host, d);
  const named = e?.named ?? e?.recorded;
  if (named?.address) return named.address;
  const svc = ctx.index.get(host, 'ipvs_service', d.service);
  const svcAddress = svc?.named?.address ?? svc?.recorded?.address;
  return orphanDestinationAddress(svcAddress ?? orphanAddress(host, ctx.role(host), 'ipvs_service', d.service, null), formatAddrPort(d.address, d.port));
}

export function makeChange(ctx: PlanContext, s: ChangeSpec): ResourceChange {
  const change: ResourceChange = {
    address: s.address ?? addressFor(ctx, s.host, s.type, s.id, s.before ?? s.after),
    host: s.host,
    type: s.type,
    id: s.id,
    action: s.action,
    before: s.before,
    after: s.after,
    replacePaths: s.replacePaths ?? [],
    drift: Boolean(s.drift),
    phase: phaseOf(s.type, ctx.role(s.host), s.action, s.reason),
  };
  // Destroy deletes what is still configured, so "not in configuration" would be wrong (Terraform gives no reason).
  if (s.reason && !(ctx.mode === 'destroy' && s.reason === 'delete_because_no_resource_config')) change.reason = s.reason;
  if (s.drift) change.recorded = s.drift.recorded;
  if (s.realserver !== undefined) change.realserver = s.realserver;
  if (s.drain) change.drain = s.drain;
  if (s.adopted) change.adopted = true;
  if (s.sensitive && s.sensitive.length > 0) change.sensitive = s.sensitive;
  return change;
}

/** Drift: the record says what lvsplan last applied, and the observed object no longer matches it. */
export function driftOf(
  rec: ManagedEntry | undefined,
  obs: ResourceInstance | undefined,
): { recorded: Attrs | null } | null {
  if (!rec) return null;
  if (!obs) return { recorded: rec.attrs };
  // Recorded and read as configured: both are the configured object (providers/state-record-layout.ts, providers/ipvs/expected.ts).
  if (rec === obs) return null;
  return attrsEqual(rec.attrs, obs.attrs) ? null : { recorded: rec.attrs };
}
