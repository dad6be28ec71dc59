import type { Diagnostic } from '../../hcl/diagnostic.js';
import type { ResolvedBackend, ResolvedConfig } from '../resolve.js';
import { drPort } from './dr-port.js';
import { duplicateBackends, duplicateServices } from './duplicates.js';
import { hostileValues } from './hostile-values.js';
import { mixedFamily } from './mixed-family.js';
import { onePacket } from './one-packet.js';
import type { Rule, RuleVisitor } from './rule.js';
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

/**
 * Every rule's diagnostics, rule by rule in RULES order, from one walk over the services and their
 * backends (each backend is visited once for all rules, not once per rule; the backends that services share
 * (ResolvedService.backends), when they gave no diagnostic, once, see RuleVisitor.backend).
 */
export function runRules(cfg: ResolvedConfig): Diagnostic[] {
  const outs: Diagnostic[][] = [];
  const visitors: RuleVisitor[] = [];
  for (const rule of RULES) {
    const out: Diagnostic[] = [];
    outs.push(out);
    const v = rule(cfg, out);
    if (v) visitors.push(v);
  }
  const onService = visitors.filter((v) => v.service);
  const onBackend = visitors.filter((v) => v.backend);
  const onServiceEnd = visitors.filter((v) => v.serviceEnd);
  const diagnosed = (): number => outs.reduce((n, out) => n + out.length, 0);
  const clean = new Set<readonly ResolvedBackend[]>();
  for (const s of cfg.services) {
    for (const v of onService) v.service!(s);
    if (onBackend.length > 0 && !clean.has(s.backends)) {
      const before = diagnosed();
      for (const b of s.backends) for (const v of onBackend) v.backend!(b, s);
      if (diagnosed() === before) clean.add(s.backends);
    }
    for (const v of onServiceEnd) v.serviceEnd!(s);
  }
  return outs.flat();
}
