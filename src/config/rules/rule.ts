import type { Diagnostic } from '../../hcl/diagnostic.js';
import type { ResolvedBackend, ResolvedConfig, ResolvedService } from '../resolve.js';

/**
 * An LVS-aware check over the resolved configuration; each diagnostic it pushes to `out` points at the
 * offending value. Called once per configuration, it checks what it needs of the whole configuration
 * then, and returns what it checks of each service and each backend: runRules walks the services and
 * their backends once for all rules.
 */
export type Rule = (cfg: ResolvedConfig, out: Diagnostic[]) => RuleVisitor | void;

export interface RuleVisitor {
  /** Each service, before its backends. */
  service?(s: ResolvedService): void;
  /**
   * Each backend of the service. What it decides by is the backend (not its address, and its destination only compared
   * with the service's other backends') and the service's family, forwarding, fwmark and port (a diagnostic may name
   * more), and it keeps no state from one service to the next. Backends an earlier service shares (ResolvedService.backends)
   * that gave no diagnostic there are not visited again (the instances of a repeated virtual_server: one visit, not 10,000).
   */
  backend?(b: ResolvedBackend, s: ResolvedService): void;
  /** Each service, after its backends. */
  serviceEnd?(s: ResolvedService): void;
}
