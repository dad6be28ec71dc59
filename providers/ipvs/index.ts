export type { Thresholds, Forwarding, TunnelType, TunnelChecksum } from './types.js';
export { parseIpvsSave, type SaveParse } from './parse-save.js';
export { parseIpvsThresholds, type ThresholdsParse } from './parse-thresholds.js';
export { ipvsServiceId } from './service-id.js';
export {
  serviceAddLine,
  serviceEditLine,
  serviceDeleteLine,
  destinationAddLine,
  destinationEditLine,
  destinationDeleteLine,
  destinationSavedLine,
} from './build-lines.js';
export { canonicalSchedFlags } from '../../src/model/schema/scheduler-flags.js';
export { parseRestoreErrors, type RestoreReport, type RestoreFailure, type RestoreAbort } from './restore-errors.js';
export { ipvsReadCommands } from './read-commands.js';
