import type { HealthConfig } from '../model/health.js';
import type { HostSpec } from '../model/hosts.js';
import type { DesiredResource } from '../model/resource.js';

/** Everything the configuration asks for, in the planner's currency. */
export interface DesiredState {
  hosts: HostSpec[];
  resources: DesiredResource[];
  /** Seconds a removed destination of this service is drained before deletion, keyed by service id. */
  drainTimeouts: Record<string, number>;
  /** Names of input variables declared sensitive (their values must not be printed). */
  sensitiveVariables: string[];
  /** Health checks, sorry servers, lifecycle rules and probes. */
  health: HealthConfig;
}
