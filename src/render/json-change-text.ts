import type { AttrValue, Attrs, ResourceType } from '../model/resource.js';
import { ATTR_NAMES } from '../model/schema/index.js';
import type { ResourceChange } from '../plan/types.js';
import { ACTIONS, CREATE_THEN_DELETE, nameOf, PROVIDERS } from './json-plan-terms.js';

/**
 * A resource change's JSON text, written directly: exactly JSON.stringify of the change's object in the JSON
 * plan (json-plan.ts jsonResourceChange, with `old` the deletion a replacement folds in), without making that
 * object. A 100,000-destination plan's -json is 110,000 of these (86 MB): most of each is fixed text around a
 * few values, and an unchanged object's attributes are written once for its before and after.
 */
export function resourceChangeText(c: ResourceChange, old: ResourceChange | undefined): string {
  const before = c.replaces ? c.replaces.before : c.before;
  const beforeText = attrsText(c.type, before);
  const afterText = c.after === before ? beforeText : attrsText(c.type, c.after);
  const replacePaths = c.replacePaths.length > 0 ? `,"replace_paths":${JSON.stringify(c.replacePaths.map((p) => [p]))}` : '';
  const drain = old?.drain ?? c.drain;
  // A member the object gains after it is made comes last (replaces_id, and the deletion's drain without one of its own).
  const drainText = drain ? `,"drain":{"timeout_seconds":${num(drain.timeoutSeconds)}}` : '';
  const health = c.health ? `,"health":{"status":${JSON.stringify(c.health.status)},"latency_ms":${num(c.health.latencyMs)},"reason":${JSON.stringify(c.health.reason)}}` : '';
  const extras =
    `${c.drain ? drainText : ''}${c.adopted ? ',"adopted":true' : ''}${health}` +
    `${c.replaces ? `,"replaces_id":${JSON.stringify(c.replaces.id)}` : ''}${c.drain ? '' : drainText}`;
  return (
    `{"address":${JSON.stringify(c.address)},"mode":"managed","type":${TEXT.get(c.type)},"name":${JSON.stringify(nameOf(c.address))},` +
    `"provider_name":${TEXT.get(PROVIDERS[c.type])},"change":{"actions":${TEXT.get(c.replaces ? CREATE_THEN_DELETE : ACTIONS[c.action])},"before":${beforeText},"after":${afterText},` +
    `"after_unknown":{},"before_sensitive":${sensitiveText(c.type, c.before, c.sensitive)},"after_sensitive":${sensitiveText(c.type, c.after, c.sensitive)}${replacePaths}},` +
    `"lvsplan":{"host":${JSON.stringify(c.host)},"id":${JSON.stringify(c.id)},"phase":${num(c.phase)},"drift":${c.drift || old?.drift === true}${extras}}` +
    `${c.reason ? `,"action_reason":${JSON.stringify(c.reason)}` : ''}}`
  );
}

/** The JSON text of each fixed value a change names: its type, its provider, its actions. */
const TEXT = new Map<unknown, string>([...Object.keys(PROVIDERS), ...Object.values(PROVIDERS), ...Object.values(ACTIONS), CREATE_THEN_DELETE].map((v) => [v, JSON.stringify(v)]));

/** Each type's `"name":` keys, the first opening the object. */
const KEYS = Object.fromEntries(Object.entries(ATTR_NAMES).map(([type, names]) => [type, names.map((n) => `${JSON.stringify(n)}:`)])) as Record<ResourceType, string[]>;

/** JSON.stringify(inSchemaOrder(type, attrs)): the schema's names in its order, one the object lacks null. */
function attrsText(type: ResourceType, attrs: Attrs | null): string {
  if (attrs === null) return 'null';
  const names = ATTR_NAMES[type];
  const keys = KEYS[type];
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    const v = attrs[names[i]!];
    // JSON.stringify leaves out a member whose value is undefined; a name the object lacks is null.
    if (v === undefined && Object.prototype.hasOwnProperty.call(attrs, names[i]!)) continue;
    out += `${out.length > 1 ? ',' : ''}${keys[i]!}${value(v)}`;
  }
  return `${out}}`;
}

function value(v: AttrValue | undefined): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return num(v);
  if (v === undefined || v === null) return 'null';
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : JSON.stringify(v);
}

/** A number as JSON.stringify writes it: not finite is null. */
function num(n: number): string {
  return Number.isFinite(n) ? `${n}` : 'null';
}

/** Terraform's *_sensitive: false, or an object naming each sensitive attribute (of the schema's) with true. */
function sensitiveText(type: ResourceType, attrs: Attrs | null, names: readonly string[] | undefined): string {
  if (!attrs || !names || names.length === 0) return 'false';
  return JSON.stringify(sensitiveMap(type, names));
}

export function sensitiveMap(type: ResourceType, names: readonly string[]): Record<string, true> {
  return Object.fromEntries(ATTR_NAMES[type].filter((n) => names.includes(n)).map((n) => [n, true]));
}
