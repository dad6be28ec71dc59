import type { Diagnostic } from '../../hcl/diagnostic.js';
import type { ResolvedConfig } from '../resolve.js';
import { drPort } from './dr-port.js';
import { duplicateBackends, duplicateServices } from './duplicates.js';
import { hostileValues } from './hostile-values.js';
import { mixedFamily } from './mixed-family.js';
import { onePacket } from './one-packet.js';
import type { Rule } from './rule.js';
import { schedulerFlags } from './scheduler-flags.js';
import { thresholds } from './thresholds.js';
import { tunnelOptions } from './tunnel-options.js';
import { unknownReferences } from './unknown-references.js';
import { unknownScheduler } from './unknown-scheduler.js';
import { valueRanges } from './value-ranges.js';
import { vipIsRealserver } from './vip-is-realserver.js';
import { zeroPort } from './zero-port.js';

export const RULES: readonly Rule[] = [
  hostileValues,
  unknownReferences,
  unknownScheduler,
  schedulerFlags,
  zeroPort,
  onePacket,
  drPort,
  thresholds,
  valueRanges,
  tunnelOptions,
  mixedFamily,
  duplicateServices,
  duplicateBackends,
  vipIsRealserver,
];


export function runRules(cfg: ResolvedConfig): Diagnostic[] {
  return RULES.flatMap((r) => r(cfg));
}
