import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { IPVS_DESTINATION, rangeText } from '../../model/schema/index.js';
import { inRange } from './in-range.js';
import type { Rule } from './rule.js';
import type { Located } from '../located.js';

const THRESHOLD = IPVS_DESTINATION.upper_threshold;

/** Thresholds are within the schema's range and the kernel requires lower <= upper (upper 0 means no limit, so no lower either). */
export const thresholds: Rule = (_cfg, out) => ({
  backend(b) {
    const { upper, lower } = b.decl;
    if (upper) inThresholdRange(upper, out);
    if (lower) inThresholdRange(lower, out);
    if (!lower || lower.v <= 0 || !inRange(THRESHOLD, lower.v)) return;
    const u = upper?.v ?? 0;
    if (u === 0)
      out.push(errorDiag('Lower threshold without upper threshold', `lower_threshold = ${lower.v} needs an upper_threshold of at least ${lower.v} (the kernel refuses lower > upper, and no upper means 0). Set upper_threshold or remove lower_threshold.`, lower.r));
    else if (lower.v > u)
      out.push(errorDiag('Lower threshold above upper threshold', `lower_threshold (${lower.v}) must not exceed upper_threshold (${u}); the kernel refuses it. Lower it or raise upper_threshold.`, lower.r));
  },
});

function inThresholdRange(t: Located<number>, out: Diagnostic[]): void {
  if (!inRange(THRESHOLD, t.v)) out.push(errorDiag('Threshold out of range', `Connection thresholds are ${rangeText(THRESHOLD)}; ${t.v} is not.`, t.r));
}
