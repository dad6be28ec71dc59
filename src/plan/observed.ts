import type { DesiredResource, ResourceInstance } from '../model/resource.js';
import type { DrainTimeouts } from '../model/drain-timeouts.js';
import type { HostSpec } from '../model/hosts.js';
import type { StateRecord } from '../model/state-record.js';

/**
 * What the planner needs from reading one host. Structurally the same as providers' ObservedHost, so
 * the planner does not depend on providers.
 */
export interface ObservedHostLike {
  host: string;
  resources: ResourceInstance[];
  stateRecord: StateRecord | null;
  fingerprint: string;
}

export interface PlanInput {
  desired: DesiredResource[];
  hosts: HostSpec[];
  /** One entry per host that was read. A host with no entry is planned as if it were empty. */
  observed: ObservedHostLike[];
  /** Drain timeout in seconds by director, then service id; services not listed use DEFAULT_DRAIN_TIMEOUT_SECONDS. */
  drainTimeouts: DrainTimeouts;
  mode: 'apply' | 'destroy';
  /** Terraform-style -target addresses; a prefix selects everything below it. */
  targets?: string[];
  /** -replace addresses: these services or destinations are deleted and created again. */
  replace?: string[];
  /** ISO time stamped into the plan; defaults to now. */
  createdAt?: string;
  /**
   * Leave out the no-op changes that have nothing to show (no drift): a text plan never lists them, and on a
   * large director they are nearly all of the changes (sysctls, a few per host, are planned as always). Not with -target or
   * -replace, which look at them.
   */
  omitQuietNoOps?: boolean;
}

export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 30;
