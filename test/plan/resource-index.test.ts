import { describe, expect, it } from 'vitest';
import { ResourceIndex } from '../../src/plan/resource-index.js';

describe('ResourceIndex', () => {
  it('finds a value only under its own host, type and id', () => {
    const ix = new ResourceIndex<string>();
    ix.set('d1', 'ipvs_service', 'tcp/10.0.0.1:80', 'svc');
    ix.set('d1', 'ipvs_destination', 'tcp/10.0.0.1:80', 'same id, other type');
    ix.set('d2', 'ipvs_service', 'tcp/10.0.0.1:80', 'other host');
    expect(ix.get('d1', 'ipvs_service', 'tcp/10.0.0.1:80')).toBe('svc');
    expect(ix.get('d1', 'ipvs_destination', 'tcp/10.0.0.1:80')).toBe('same id, other type');
    expect(ix.get('d2', 'ipvs_service', 'tcp/10.0.0.1:80')).toBe('other host');
    expect(ix.get('d3', 'ipvs_service', 'tcp/10.0.0.1:80')).toBeUndefined();
    expect(ix.has('d2', 'address', 'tcp/10.0.0.1:80')).toBe(false);
    expect(ix.has('d2', 'ipvs_service', 'tcp/10.0.0.1:80')).toBe(true);
  });

  it('keeps insertion order, and a value set again keeps its place', () => {
    const ix = new ResourceIndex<number>();
    ix.set('h', 'sysctl', 'b', 1);
    ix.set('h', 'sysctl', 'a', 2);
    ix.set('g', 'address', 'c', 3);
    ix.set('h', 'sysctl', 'b', 4);
    expect(ix.values()).toEqual([4, 2, 3]);
    expect(ix.size).toBe(3);
  });
});
