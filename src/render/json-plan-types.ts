import type { HostRole } from '../model/hosts.js';
import type { Attrs, ResourceType } from '../model/resource.js';

/** The machine-readable plan, shaped like `terraform show -json` (format 1.x). */
export type JsonAction = 'no-op' | 'create' | 'update' | 'delete';

export interface JsonChange {
  actions: readonly JsonAction[];
  before: Attrs | null;
  after: Attrs | null;
  after_unknown: Record<string, never>;
  /** Terraform's shape: false, or an object naming each sensitive attribute with true. */
  before_sensitive: false | Record<string, true>;
  after_sensitive: false | Record<string, true>;
  replace_paths?: string[][];
}

/** lvsplan's own data for one resource change; Terraform consumers ignore unknown keys. */
export interface JsonChangeExtras {
  host: string;
  id: string;
  phase: number;
  drift: boolean;
  drain?: { timeout_seconds: number };
  adopted?: boolean;
  /** A replacement under a new identity: the id of the object it replaces (deleted after this one is created). */
  replaces_id?: string;
  /** A checked backend's health: what set its planned weight. */
  health?: { status: 'healthy' | 'unhealthy'; latency_ms: number; reason: string };
}

export interface JsonResourceChange {
  address: string;
  mode: 'managed';
  type: ResourceType;
  name: string;
  provider_name: string;
  change: JsonChange;
  action_reason?: string;
  lvsplan: JsonChangeExtras;
}

export interface JsonResourceDrift {
  address: string;
  mode: 'managed';
  type: ResourceType;
  name: string;
  provider_name: string;
  change: { actions: JsonAction[]; before: Attrs | null; after: Attrs | null };
  lvsplan: { host: string; id: string };
}

export interface JsonUnmanagedObject {
  host: string;
  type: ResourceType;
  id: string;
  attrs: Attrs;
}

export interface JsonPlan {
  format_version: '1.0';
  timestamp: string;
  applyable: boolean;
  complete: true;
  errored: false;
  resource_drift: JsonResourceDrift[];
  resource_changes: JsonResourceChange[];
  /** lvsplan extras: planning mode, hosts read (with fingerprints), objects left alone. */
  lvsplan: {
    mode: 'apply' | 'destroy';
    hosts: { name: string; role: HostRole | null; fingerprint: string | null }[];
    unmanaged: JsonUnmanagedObject[];
  };
}
