import type { Attrs, ResourceType } from '../model/resource.js';
import type { ProbeSpec } from '../model/health.js';
import type { HostSpec } from '../model/hosts.js';
import type { HealthNote } from './health-adjust.js';
import type { KnownHostsBinding } from '../model/known-hosts.js';

/** Plan data only (like terraform internal/plans): no I/O, no rendering. */
export type Action = 'no-op' | 'create' | 'update' | 'delete' | 'replace';

/** Terraform's action_reason values plus lvsplan's own. */
export type ActionReason =
  | 'replace_because_cannot_update'
  | 'delete_because_no_resource_config'
  | 'delete_because_unmanaged_exclusive'
  /** A sysctl lvsplan no longer manages goes back to the value the state record kept (never deleted). */
  | 'restore_because_no_resource_config'
  /** -replace=ADDR: the operator asked for this object (or its service) to be deleted and created again. */
  | 'replace_by_request';

export interface ResourceChange {
  address: string;
  host: string;
  type: ResourceType;
  id: string;
  action: Action;
  before: Attrs | null;
  after: Attrs | null;
  /** Attributes whose change forces replacement. */
  replacePaths: string[];
  reason?: ActionReason;
  /** The observed object differs from what lvsplan last applied: changed outside lvsplan. */
  drift: boolean;
  /** A destination's managed real server (from the configuration, or the director's state record for a removal). */
  realserver?: string;
  /** A destination deletion that drains (weight 0, wait for connections) before it is removed. */
  drain?: { timeoutSeconds: number };
  /** Ordering phase across hosts; lower runs first (see plan/ordering.ts). */
  phase: number;
  /** Attributes derived from a sensitive variable: shown as (sensitive value), in the JSON plan as *_sensitive. */
  sensitive?: string[];
  /** The object exists with the desired attributes but is not in the host's state record: apply records it. */
  adopted?: boolean;
  /**
   * With drift: the attributes the state record holds (what lvsplan last applied); null when the object
   * appeared outside lvsplan. `before` is always the observed object.
   */
  recorded?: Attrs | null;
  /**
   * A create that replaces an object of the same configuration block under its old identity (a
   * service's port changed, say): that object's deletion is the change with `replacedBy` set. Apply
   * runs them as they are phased, the create first and the (drained) deletion later.
   */
  replaces?: { id: string; before: Attrs };
  /** The id of the create that replaces this deletion (see `replaces`). */
  replacedBy?: string;
  /** A checked backend: its health verdict, which set its planned weight. */
  health?: HealthNote;
}

/** An object seen on a host that lvsplan does not manage and will not touch. */
export interface UnmanagedObject {
  host: string;
  type: ResourceType;
  id: string;
  attrs: Attrs;
}

export interface HostFingerprint {
  host: string;
  /** sha256 of the host's canonical observed state */
  fingerprint: string;
  /** The sysctls that were read on the host; a saved plan's apply reads exactly these again. */
  sysctlNames?: string[];
}

export interface Plan {
  formatVersion: '1.0';
  /** 'apply' or 'destroy' planning mode */
  mode: 'apply' | 'destroy';
  changes: ResourceChange[];
  unmanaged: UnmanagedObject[];
  hosts: HostSpec[];
  fingerprints: HostFingerprint[];
  /** The configuration's probes: apply runs them after a successful apply (a saved plan keeps them). */
  probes?: ProbeSpec[];
  /** Original sysctl values observed before first change, per host (for the state record). */
  createdAt: string;
  /** The configuration's known-hosts file, which apply updates (absent for plans made without a configuration directory). */
  knownHosts?: KnownHostsBinding;
}
