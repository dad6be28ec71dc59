import type { Diagnostic } from '../hcl/diagnostic.js';
import type { ResourceChange } from '../plan/types.js';

export type OutcomeStatus = 'applied' | 'failed' | 'skipped';

export interface ChangeOutcome {
  change: ResourceChange;
  status: OutcomeStatus;
  /** Why it failed or was skipped. */
  message?: string;
}

export interface ApplyResult {
  mode: 'apply' | 'destroy';
  /** Changes that took (verified by re-reading), including record-only ones (adoption, forgotten sysctls). */
  applied: ChangeOutcome[];
  failed: ChangeOutcome[];
  skipped: ChangeOutcome[];
  diagnostics: Diagnostic[];
  counts: { added: number; changed: number; destroyed: number };
  exitCode: 0 | 1;
}
