import type { RefreshResult } from '../apply/refresh.js';
import type { ResourceChange } from '../plan/types.js';
import { withAttrs } from '../model/desired-destination.js';

/**
 * The hosts as a read saw them with the weight updates made since that read began laid over (quick edits, armed
 * checks' edits): what a plan made ahead from that read starts from, so that the edit planned after a restore
 * expects the weight the restore set. Each edit updates an existing destination's weight (a quick edit makes no
 * other change); without any, the read itself.
 */
export function readAfterEdits(read: RefreshResult, edits: readonly ResourceChange[]): RefreshResult {
  const weights = new Map<string, number>();
  for (const c of edits) {
    const w = c.after?.weight;
    if (c.type === 'ipvs_destination' && c.action === 'update' && typeof w === 'number') weights.set(`${c.host}\0${c.id}`, w);
  }
  if (weights.size === 0) return read;
  const weightOf = (host: string, type: string, id: string) => (type === 'ipvs_destination' ? weights.get(`${host}\0${id}`) : undefined);
  return {
    ...read,
    hosts: read.hosts.map((h) => {
      const { host, resources } = h.observed;
      if (!resources.some((r) => weightOf(host, r.type, r.id) !== undefined)) return h;
      const laid = resources.map((r) => {
        const w = weightOf(host, r.type, r.id);
        return w === undefined || r.type !== 'ipvs_destination' ? r : withAttrs(r, { ...r.attrs, weight: w });
      });
      return { ...h, observed: { ...h.observed, resources: laid } };
    }),
  };
}
