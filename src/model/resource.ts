import type { Range } from '../hcl/range.js';

/**
 * The planner's common currency. Every provider turns what it observes on a host, and config turns
 * what the user declared, into ResourceInstances; the planner diffs them keyed by (host, type, id).
 */
export type ResourceType = 'ipvs_service' | 'ipvs_destination' | 'address' | 'sysctl';

export type AttrValue = string | number | boolean | null | string[];
export type Attrs = Record<string, AttrValue>;

export interface ResourceInstance {
  /** Host name as declared in config (a director's or real server's label). */
  host: string;
  type: ResourceType;
  /**
   * Canonical identity within (host, type). Two resources with the same key are the same object;
   * a change of identity is delete + create. See model/identity.ts for the formats.
   */
  id: string;
  attrs: Attrs;
}

export interface DesiredResource extends ResourceInstance {
  /** Terraform-style address shown to users: virtual_server.web, virtual_server.web.backend["lvs01"], ... */
  address: string;
  /** The config range that declares this resource (for diagnostics and plan notes). */
  declRange?: Range;
}

/** Key used for set differences. */
export function resourceKey(r: Pick<ResourceInstance, 'host' | 'type' | 'id'>): string {
  return `${r.host}\u0000${r.type}\u0000${r.id}`;
}
