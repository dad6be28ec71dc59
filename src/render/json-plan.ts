import { resourceKey, type Attrs, type ResourceKey, type ResourceType } from '../model/resource.js';
import { inSchemaOrder } from '../model/schema/index.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { resourceChangeText, sensitiveMap } from './json-change-text.js';
import type { JsonAction, JsonPlan, JsonResourceChange, JsonResourceDrift } from './json-plan-types.js';
import { ACTIONS, CREATE_THEN_DELETE, nameOf, PROVIDERS } from './json-plan-terms.js';
import { JsonTexts } from './json-pieces.js';

/**
 * The single source of plan output: the human plan is drawn from this object, and -json writes its text
 * (jsonPlanDocument, its resource changes written directly by json-change-text.ts). With `noOps: false` the
 * resources that stay as they are (no drift, not half of a replacement) are left out of resource_changes:
 * the human plan shows none of them, and on a large director they are nearly all of the plan.
 */
export function renderJsonPlan(plan: Plan, opts: { noOps?: boolean } = {}): JsonPlan {
  return planDocument(plan, opts, (shown, folded) => shown.map((c) => jsonResourceChange(c, folded(c))));
}

/** The JSON plan as written (`plan -json`, `show -json`): renderJsonPlan's, its resource changes written as text one by one as the writer reaches them. */
export type StreamedJsonPlan = Omit<JsonPlan, 'resource_changes'> & { resource_changes: JsonTexts<ResourceChange> };

export function jsonPlanDocument(plan: Plan): StreamedJsonPlan {
  return planDocument(plan, {}, (shown, folded) => new JsonTexts(shown, (c) => resourceChangeText(c, folded(c))));
}

/**
 * The document around its resource changes, made by `resourceChanges` from the changes shown (in address order;
 * a replaced object's deletion is not shown on its own) and `folded`, which gives the deletion a replacement folds in.
 */
function planDocument<R>(
  plan: Plan,
  opts: { noOps?: boolean },
  resourceChanges: (shown: ResourceChange[], folded: (c: ResourceChange) => ResourceChange | undefined) => R,
): Omit<JsonPlan, 'resource_changes'> & { resource_changes: R } {
  const listed = opts.noOps === false ? plan.changes.filter((c) => c.action !== 'no-op' || c.drift || c.replacedBy !== undefined || c.replaces !== undefined) : plan.changes;
  const changes = [...listed].sort(byAddress);
  const replaced = new Map<ResourceKey, ResourceChange>();
  for (const c of changes) if (c.replacedBy !== undefined) replaced.set(resourceKey(c.host, c.type, c.id), c);
  const shown = replaced.size === 0 ? changes : changes.filter((c) => c.replacedBy === undefined);
  const folded = (c: ResourceChange): ResourceChange | undefined => (c.replaces ? replaced.get(resourceKey(c.host, c.type, c.replaces.id)) : undefined);
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
    resource_changes: resourceChanges(shown, folded),
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

/** Attributes as the schema declares them (its set, its order), whatever order they were built in. */
function shown(type: ResourceType, attrs: Attrs | null): Attrs | null {
  return attrs && inSchemaOrder(type, attrs);
}

function sensitive(type: ResourceType, attrs: Attrs | null, names: readonly string[] | undefined): false | Record<string, true> {
  return attrs && names && names.length > 0 ? sensitiveMap(type, names) : false;
}

/**
 * A change as the JSON plan shows it (-json writes its text, json-change-text.ts). A replacement under a new
 * identity (`old` the deletion it folds in) is created first, the old object (drained) deleted after.
 */
function jsonResourceChange(c: ResourceChange, old: ResourceChange | undefined): JsonResourceChange {
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
      before_sensitive: sensitive(c.type, c.before, c.sensitive),
      after_sensitive: sensitive(c.type, c.after, c.sensitive),
    },
    lvsplan: { host: c.host, id: c.id, phase: c.phase, drift: c.drift },
  };
  if (c.replacePaths.length > 0) out.change.replace_paths = c.replacePaths.map((p) => [p]);
  if (c.reason) out.action_reason = c.reason;
  if (c.drain) out.lvsplan.drain = { timeout_seconds: c.drain.timeoutSeconds };
  if (c.adopted) out.lvsplan.adopted = true;
  if (c.health) out.lvsplan.health = { status: c.health.status, latency_ms: c.health.latencyMs, reason: c.health.reason };
  if (c.replaces) {
    out.change.actions = CREATE_THEN_DELETE;
    out.change.before = shown(out.type, c.replaces.before);
    out.lvsplan.replaces_id = c.replaces.id;
    if (old?.drain) out.lvsplan.drain = { timeout_seconds: old.drain.timeoutSeconds };
    if (old?.drift) out.lvsplan.drift = true;
  }
  return out;
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

function byAddress(a: ResourceChange, b: ResourceChange): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  if (a.host !== b.host) return a.host < b.host ? -1 : 1;
  return a.phase - b.phase;
}
