import { describe, expect, it } from 'vitest';
import type { RefreshResult } from '../../src/apply/refresh.js';
import type { ResourceChange } from '../../src/plan/types.js';
import { readAfterEdits } from '../../src/watch/read-after-edits.js';

const dest = (host: string, id: string, weight: number) => ({ host, type: 'ipvs_destination' as const, id, attrs: { service: 'tcp:10.0.0.1:80', address: id, weight } });
const read = (): RefreshResult => ({
  diagnostics: [],
  hosts: [
    { sysctlNames: [], observed: { host: 'd1', resources: [dest('d1', 'a', 1), dest('d1', 'b', 0)] as never, stateRecord: null, missingIpvsadm: false, fingerprint: 'f1' } },
    { sysctlNames: [], observed: { host: 'd2', resources: [dest('d2', 'b', 0)] as never, stateRecord: null, missingIpvsadm: false, fingerprint: 'f2' } },
  ],
});
const change = (host: string, id: string, action: ResourceChange['action'], from: number, to: number) =>
  ({ address: `x.${id}`, host, type: 'ipvs_destination', id, action, before: { weight: from }, after: { weight: to }, replacePaths: [], drift: false, phase: 0 }) as ResourceChange;
const weights = (r: RefreshResult) => r.hosts.map((h) => h.observed.resources.map((x) => `${h.observed.host}/${x.id}=${(x.attrs as { weight: number }).weight}`)).flat();

describe('readAfterEdits', () => {
  it('lays each weight update over the destination it was made to, on its host only, and leaves the read itself alone', () => {
    const r = read();
    const after = readAfterEdits(r, [change('d1', 'b', 'update', 0, 1), change('d1', 'a', 'update', 1, 0), change('d1', 'a', 'update', 0, 3)]);
    expect(weights(after)).toEqual(['d1/a=3', 'd1/b=1', 'd2/b=0']);
    expect(weights(r)).toEqual(['d1/a=1', 'd1/b=0', 'd2/b=0']);
    // A host no edit touched is the read's own object.
    expect(after.hosts[1]).toBe(r.hosts[1]);
    expect(after.hosts[0]!.observed.fingerprint).toBe('f1');
  });

  it('returns the read itself when nothing applies: no edits, other actions, or a destination it does not have', () => {
    const r = read();
    expect(readAfterEdits(r, [])).toBe(r);
    expect(readAfterEdits(r, [change('d1', 'b', 'create', 0, 1), change('d1', 'b', 'delete', 0, 1)])).toBe(r);
    expect(weights(readAfterEdits(r, [change('d3', 'b', 'update', 0, 1), change('d2', 'zz', 'update', 0, 1)]))).toEqual(weights(r));
  });
});
