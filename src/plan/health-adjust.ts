import { warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { checkKey, type CheckResult, type HealthConfig } from '../model/health.js';
import { keyOf, type DesiredOf, type DesiredResource, type ResourceInstance } from '../model/resource.js';
import { withAttrs } from '../model/desired-destination.js';

/** What the plan shows next to a backend whose weight health decided. */
export interface HealthNote {
  status: 'healthy' | 'unhealthy';
  latencyMs: number;
  reason: string;
}

export interface HealthAdjusted {
  resources: DesiredResource[];
  /** Keyed by resourceKey of the destination. */
  notes: Map<string, HealthNote>;
  warnings: Diagnostic[];
}

/**
 * Pure: desired resources + the health verdict of each checked backend -> desired resources with
 * health applied. An unhealthy backend's weight is 0 (quiesced); a healthy one keeps its configured
 * weight. When every backend of a service is unhealthy, its sorry server is added at weight 1; without
 * one, the pool is left as it is (failing open) with a warning. Backends without a verdict are untouched.
 */
export function adjustForHealth(
  desired: readonly DesiredResource[],
  health: HealthConfig,
  verdicts: ReadonlyMap<string, CheckResult>,
  observed: ReadonlyMap<string, ResourceInstance>,
): HealthAdjusted {
  const checks = new Map(health.checks.map((c) => [checkKey(c), c]));
  const notes = new Map<string, HealthNote>();
  const warnings: Diagnostic[] = [];
  type Dest = DesiredOf<'ipvs_destination'>;
  const byService = new Map<string, Dest[]>();
  for (const r of desired) {
    if (r.type !== 'ipvs_destination') continue;
    const k = `${r.host}\u0000${String(r.attrs.service)}`;
    const list = byService.get(k);
    if (list) list.push(r);
    else byService.set(k, [r]);
  }
  const replaced = new Map<DesiredResource, Dest>();
  const added: DesiredResource[] = [];
  for (const [k, dests] of byService) {
    const judged = dests.map((d) => ({ d, v: checks.has(checkKey({ host: d.host, destinationId: d.id })) ? verdicts.get(checkKey({ host: d.host, destinationId: d.id })) : undefined }));
    if (judged.every((j) => j.v === undefined)) continue;
    for (const { d, v } of judged) if (v) notes.set(keyOf(d), { status: v.healthy ? 'healthy' : 'unhealthy', latencyMs: v.latencyMs, reason: v.reason });
    const allDown = judged.every((j) => j.v !== undefined && !j.v.healthy);
    const [host, serviceId] = k.split('\u0000') as [string, string];
    const sorry = health.sorryServers.find((s) => s.host === host && s.serviceId === serviceId);
    if (allDown && !sorry) {
      const name = dests[0]!.address.replace(/\.backend\[.*$/, '');
      warnings.push(warningDiag(
        `Every backend of ${name} is failing its health check`,
        `On director "${host}" no backend of ${name} passes its check, and the service has no sorry_server, so lvsplan leaves the pool as it is: failing open beats an empty pool. Add sorry_server { address = "..." } to send clients to a sorry page instead.\n${judged.map((j) => `  ${j.d.address}: ${j.v!.reason}`).join('\n')}`,
      ));
      for (const { d } of judged) {
        const obs = observed.get(keyOf(d));
        if (obs?.type === 'ipvs_destination' && obs.attrs.weight !== d.attrs.weight) replaced.set(d, withAttrs(d, { ...d.attrs, weight: obs.attrs.weight }));
      }
      continue;
    }
    for (const { d, v } of judged) if (v && !v.healthy && d.attrs.weight !== 0) replaced.set(d, withAttrs(d, { ...d.attrs, weight: 0 }));
    if (allDown && sorry) added.push(sorry.resource);
  }
  return { resources: [...desired.map((r) => replaced.get(r) ?? r), ...added], notes, warnings };
}
