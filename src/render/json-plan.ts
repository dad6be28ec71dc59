import { resourceKey, type Attrs, type ResourceKey, type ResourceType } from '../model/resource.js';
import { inSchemaOrder } from '../model/schema/index.js';
import type { Action, Plan, ResourceChange } from '../plan/types.js';
import type { JsonAction, JsonPlan, JsonResourceChange, JsonResourceDrift } from './json-plan-types.js';
import { LazyArray } from './json-pieces.js';

const ACTIONS: Record<Action, JsonAction[]> = {
  'no-op': ['no-op'],
  create: ['create'],
  update: ['update'],
  delete: ['delete'],
  replace: ['delete', 'create'],
};

const PROVIDERS: Record<ResourceType, string> = {
  ipvs_service: 'lvsplan/ipvs',
  ipvs_destination: 'lvsplan/ipvs',
  address: 'lvsplan/address',
  sysctl: 'lvsplan/sysctl',
};

/**
 * The single source of plan output: the human plan is drawn from this object. With `noOps: false` the
 * resources that stay as they are (no drift, not half of a replacement) are left out of resource_changes:
 * the human plan shows none of them, and on a large director they are nearly all of the plan.
 */
export function renderJsonPlan(plan: Plan, opts: { noOps?: boolean } = {}): JsonPlan {
  const doc = jsonPlanDocument(plan, opts);
  return { ...doc, resource_changes: [...doc.resource_changes] };
}

/** The JSON plan as written (`plan -json`, `show -json`): renderJsonPlan's, its resource_changes made one by one as the writer reaches them. */
export type StreamedJsonPlan = Omit<JsonPlan, 'resource_changes'> & { resource_changes: LazyArray<JsonResourceChange> };

export function jsonPlanDocument(plan: Plan, opts: { noOps?: boolean } = {}): StreamedJsonPlan {
  const shown = opts.noOps === false ? plan.changes.filter((c) => c.action !== 'no-op' || c.drift || c.replacedBy !== undefined || c.replaces !== undefined) : plan.changes;
  const changes = [...shown].sort(byAddress);
  const replaced = new Map<ResourceKey, ResourceChange>();
  for (const c of changes) if (c.replacedBy !== undefined) replaced.set(resourceKey(c.host, c.type, c.id), c);
  const drift: JsonResourceDrift[] = [];
  for (const c of changes) if (c.drift) drift.push(toDrift(c));

  const fingerprints = new Map(plan.fingerprints.map((f) => [f.host, f]));
  const hostNames = new Set<string>([...plan.hosts.map((h) => h.name), ...fingerprints.keys()]);
  const roles = new Map(plan.hosts.map((h) => [h.name, h.role]));
  return {
    format_version: '1.0',
    timestamp: plan.createdAt,
    applyable: plan.changes.some((c) => c.action !== 'no-op'),
    complete: true,
    errored: false,
    resource_drift: drift,
    resource_changes: new LazyArray(() => resourceChanges(changes, replaced)),
    lvsplan: {
      mode: plan.mode,
      // The fingerprint is read when the JSON is written: the human plan drawn from this never shows it.
      hosts: [...hostNames].map((name) => ({
        name,
        role: roles.get(name) ?? null,
        get fingerprint() {
          return fingerprints.get(name)?.fingerprint ?? null;
        },
      })),
      unmanaged: plan.unmanaged.map((u) => ({ host: u.host, type: u.type, id: u.id, attrs: inSchemaOrder(u.type, u.attrs) })),
    },
  };
}

/** The changes in address order as JSON resource changes, a replaced object's change folded into its replacement's. */
function* resourceChanges(changes: readonly ResourceChange[], replaced: ReadonlyMap<ResourceKey, ResourceChange>): Generator<JsonResourceChange> {
  for (const c of changes) {
    if (c.replacedBy !== undefined) continue;
    const out = toResourceChange(c);
    if (c.replaces) withReplaced(out, c.replaces, replaced.get(resourceKey(c.host, c.type, c.replaces.id)));
    yield out;
  }
}

/** Attributes as the schema declares them (its set, its order), whatever order they were built in. */
function shown(type: ResourceType, attrs: Attrs | null): Attrs | null {
  return attrs && inSchemaOrder(type, attrs);
}

function sensitiveMap(type: ResourceType, attrs: Attrs | null, names: readonly string[] | undefined): false | Record<string, true> {
  if (!attrs || !names || names.length === 0) return false;
  return Object.fromEntries(Object.keys(inSchemaOrder(type, attrs)).filter((n) => names.includes(n)).map((n) => [n, true]));
}

function toResourceChange(c: ResourceChange): JsonResourceChange {
  const out: JsonResourceChange = {
    address: c.address,
    mode: 'managed',
    type: c.type,
    name: nameOf(c.address),
    provider_name: PROVIDERS[c.type],
    change: {
      actions: ACTIONS[c.action],
      before: shown(c.type, c.before),
      after: shown(c.type, c.after),
      after_unknown: {},
      before_sensitive: sensitiveMap(c.type, c.before, c.sensitive),
      after_sensitive: sensitiveMap(c.type, c.after, c.sensitive),
    },
    lvsplan: { host: c.host, id: c.id, phase: c.phase, drift: c.drift },
  };
  if (c.replacePaths.length > 0) out.change.replace_paths = c.replacePaths.map((p) => [p]);
  if (c.reason) out.action_reason = c.reason;
  if (c.drain) out.lvsplan.drain = { timeout_seconds: c.drain.timeoutSeconds };
  if (c.adopted) out.lvsplan.adopted = true;
  if (c.health) out.lvsplan.health = { status: c.health.status, latency_ms: c.health.latencyMs, reason: c.health.reason };
  return out;
}

/** One block's replacement under a new identity: created first, the old object (drained) deleted after. */
function withReplaced(out: JsonResourceChange, replaces: NonNullable<ResourceChange['replaces']>, old: ResourceChange | undefined): void {
  out.change.actions = ['create', 'delete'];
  out.change.before = shown(out.type, replaces.before);
  out.lvsplan.replaces_id = replaces.id;
  if (old?.drain) out.lvsplan.drain = { timeout_seconds: old.drain.timeoutSeconds };
  if (old?.drift) out.lvsplan.drift = true;
}

/** What changed outside lvsplan: from the recorded attributes to the observed ones. */
function toDrift(c: ResourceChange): JsonResourceDrift {
  const recorded = c.recorded ?? null;
  const observed = c.action === 'create' ? null : c.before;
  const actions: JsonAction[] = recorded === null ? ['create'] : observed === null ? ['delete'] : ['update'];
  return {
    address: c.address,
    mode: 'managed',
    type: c.type,
    name: nameOf(c.address),
    provider_name: PROVIDERS[c.type],
    change: { actions, before: shown(c.type, recorded), after: shown(c.type, observed) },
    lvsplan: { host: c.host, id: c.id },
  };
}

/** The last label of an address: `web` for virtual_server.web, `lvs01` for ...backend["lvs01"]. */
export function nameOf(address: string): string {
  if (address.endsWith('"]')) {
    const open = address.lastIndexOf('["');
    if (open >= 0) {
      const quoted = address.slice(open + 2, -2);
      // Without a backslash the label is the quoted text itself (what JSON.parse gives, or the fallback when it refuses it).
      if (!quoted.includes('\\')) return quoted;
      try {
        return JSON.parse(`"${quoted}"`) as string;
      } catch {
        return quoted;
      }
    }
  }
  return address.slice(address.lastIndexOf('.') + 1);
}

function byAddress(a: ResourceChange, b: ResourceChange): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  if (a.host !== b.host) return a.host < b.host ? -1 : 1;
  return a.phase - b.phase;
}
