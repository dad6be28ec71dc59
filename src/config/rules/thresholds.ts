import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Rule } from './rule.js';

const INT_MAX = 2147483647;

/** Thresholds are 0..INT_MAX and the kernel requires lower <= upper (upper 0 means no limit, so no lower either). */
export const thresholds: Rule = (cfg) => {
  const out: Diagnostic[] = [];
  for (const s of cfg.services) {
    for (const b of s.backends) {
      const { upper, lower } = b.decl;
      for (const t of [upper, lower])
        if (t && (t.v < 0 || t.v > INT_MAX)) out.push(errorDiag('Threshold out of range', `Connection thresholds are 0..${INT_MAX}; ${t.v} is not.`, t.r));
      if (!lower || lower.v <= 0 || lower.v > INT_MAX) continue;
      const u = upper?.v ?? 0;
      if (u === 0)
        out.push(errorDiag('Lower threshold without upper threshold', `lower_threshold = ${lower.v} needs an upper_threshold of at least ${lower.v} (the kernel refuses lower > upper, and no upper means 0). Set upper_threshold or remove lower_threshold.`, lower.r));
      else if (lower.v > u)
        out.push(errorDiag('Lower threshold above upper threshold', `lower_threshold (${lower.v}) must not exceed upper_threshold (${u}); the kernel refuses it. Lower it or raise upper_threshold.`, lower.r));
    }
  }
  return out;
};
