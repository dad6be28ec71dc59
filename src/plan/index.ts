export { computePlan } from './compute-plan.js';
export { DEFAULT_DRAIN_TIMEOUT_SECONDS, type ObservedHostLike, type PlanInput } from './observed.js';
export { checkStale } from './stale.js';
export { decodePlanFile, encodePlanFile, PLAN_FILE_FORMAT, PLAN_FILE_VERSION } from './plan-file.js';
export { PHASES, phaseOf } from './ordering.js';
export { replacePaths } from './replace-rules.js';
export { addressMatches } from './target.js';
export type * from './types.js';
export { countChanges, hasChanges, type PlanCounts } from './summary.js';
