import { describe, expect, it } from 'vitest';
import { ResourceIndex } from '../../src/plan/resource-index.js';

describe('ResourceIndex', () => {
  it('finds an entry only under its own host, type and id', () => {
    const ix = new ResourceIndex();
    const svc = ix.entry('d1', 'ipvs_service', 'tcp/10.0.0.1:80');
    const dest = ix.entry('d1', 'ipvs_destination', 'tcp/10.0.0.1:80');
    const other = ix.entry('d2', 'ipvs_service', 'tcp/10.0.0.1:80');
    expect(new Set([svc, dest, other]).size).toBe(3);
    expect(ix.get('d1', 'ipvs_service', 'tcp/10.0.0.1:80')).toBe(svc);
    expect(ix.get('d1', 'ipvs_destination', 'tcp/10.0.0.1:80')).toBe(dest);
    expect(ix.get('d2', 'ipvs_service', 'tcp/10.0.0.1:80')).toBe(other);
    expect(ix.get('d3', 'ipvs_service', 'tcp/10.0.0.1:80')).toBeUndefined();
    expect(ix.get('d2', 'address', 'tcp/10.0.0.1:80')).toBeUndefined();
    // After a miss on another (host, type), the last one reached is still found.
    expect(ix.get('d1', 'ipvs_destination', 'tcp/10.0.0.1:80')).toBe(dest);
  });

  it('gives each side of one object the same entry', () => {
    const ix = new ResourceIndex();
    const observed = { host: 'h', type: 'sysctl' as const, id: 'a', attrs: { name: 'a', value: '1' } };
    ix.entry('h', 'sysctl', 'a').observed = observed;
    ix.entry('g', 'sysctl', 'a');
    const e = ix.entry('h', 'sysctl', 'a');
    expect(e.observed).toBe(observed);
    expect(e.named).toBeUndefined();
  });
});
