import type { Diagnostic } from '../../hcl/diagnostic.js';
import type { ResolvedConfig } from '../resolve.js';

/** An LVS-aware check over the resolved configuration; each diagnostic points at the offending value. */
export type Rule = (cfg: ResolvedConfig) => Diagnostic[];
