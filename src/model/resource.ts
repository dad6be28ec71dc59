import type { Range } from '../hcl/range.js';
import type { AttrsOf, ResourceType } from './schema/index.js';

export type { ResourceType, AttrsOf } from './schema/index.js';

/** An attribute value in its generic form (JSON plans, state records, plan files). */
export type AttrValue = string | number | boolean | null | string[];
export type Attrs = Record<string, AttrValue>;

/** One object of one resource type on one host; its attrs are typed by the type's schema. */
export interface ResourceOf<T extends ResourceType> {
  /** Host name as declared in config (a director's or real server's label). */
  host: string;
  type: T;
  /**
   * Canonical identity within (host, type). Two resources with the same key are the same object;
   * a change of identity is delete + create. See model/identity.ts for the formats.
   */
  id: string;
  attrs: AttrsOf<T>;
}

/**
 * The planner's common currency. Every provider turns what it observes on a host, and config turns
 * what the user declared, into ResourceInstances; the planner diffs them keyed by resourceKey.
 */
export type ResourceInstance = { [T in ResourceType]: ResourceOf<T> }[ResourceType];

export interface DesiredExtras {
  /** Terraform-style address shown to users: virtual_server.web, virtual_server.web.backend["lvs01"], ... */
  address: string;
  /** The config range that declares this resource (for diagnostics and plan notes). */
  declRange?: Range;
  /** A destination's managed real server: its preparation (VIP on lo/tunl0, ARP sysctls) must come first. */
  realserver?: string;
  /** Attributes whose value derives from a sensitive variable: shown as (sensitive value), never printed. */
  sensitive?: string[];
}

export type DesiredOf<T extends ResourceType> = ResourceOf<T> & DesiredExtras;
export type DesiredResource = { [T in ResourceType]: DesiredOf<T> }[ResourceType];

declare const resourceKeyBrand: unique symbol;
/** The planner's key of one object: (host, type, id). Made only by resourceKey. */
export type ResourceKey = string & { readonly [resourceKeyBrand]: true };

export function resourceKey(host: string, type: ResourceType, id: string): ResourceKey {
  return `${host}\u0000${type}\u0000${id}` as ResourceKey;
}

export function keyOf(r: { host: string; type: ResourceType; id: string }): ResourceKey {
  return resourceKey(r.host, r.type, r.id);
}
