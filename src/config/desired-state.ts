import type { HealthConfig } from '../model/health.js';
import type { HostSpec } from '../model/hosts.js';
import type { DrainTimeouts } from '../model/drain-timeouts.js';
import type { DesiredResource } from '../model/resource.js';

/** Everything the configuration asks for, in the planner's currency. */
export interface DesiredState {
  hosts: HostSpec[];
  resources: DesiredResource[];
  /** Seconds a removed destination is drained before deletion, by director, then service id. */
  drainTimeouts: DrainTimeouts;
  /** Names of input variables declared sensitive (their values must not be printed). */
  sensitiveVariables: string[];
  /** Health checks, sorry servers, lifecycle rules and probes. */
  health: HealthConfig;
}
