import { describe, expect, it } from 'vitest';
import { ResourceIndex } from '../../src/plan/resource-index.js';

const SVC = 'tcp:10.0.0.1:80';
const service = (id: string) => ({ type: 'ipvs_service' as const, id, attrs: {} as never });
const dest = (svc: string, address: string, port: number) => ({
  type: 'ipvs_destination' as const,
  id: `${svc}->${address}:${port}`,
  attrs: { service: svc, address, port } as never,
});

describe('ResourceIndex', () => {
  it('finds an entry only under its own host, type and id', () => {
    const ix = new ResourceIndex();
    const svc = ix.entry('d1', service(SVC));
    const addr = ix.entry('d1', { type: 'address', id: SVC, attrs: {} as never });
    const other = ix.entry('d2', service(SVC));
    expect(new Set([svc, addr, other]).size).toBe(3);
    expect(ix.get('d1', 'ipvs_service', SVC)).toBe(svc);
    expect(ix.get('d1', 'address', SVC)).toBe(addr);
    expect(ix.get('d2', 'ipvs_service', SVC)).toBe(other);
    expect(ix.get('d3', 'ipvs_service', SVC)).toBeUndefined();
    expect(ix.get('d2', 'address', SVC)).toBeUndefined();
    // After a miss on another (host, type), the last one reached is still found.
    expect(ix.get('d1', 'address', SVC)).toBe(addr);
  });

  it('finds a destination by its service, address and port, the same address on another port or service being another entry', () => {
    const ix = new ResourceIndex();
    const a80 = ix.entry('d1', dest(SVC, '10.1.0.1', 80));
    const a81 = ix.entry('d1', dest(SVC, '10.1.0.1', 81));
    const b80 = ix.entry('d1', dest(SVC, '10.1.0.2', 80));
    const otherSvc = ix.entry('d1', dest('tcp:10.0.0.2:80', '10.1.0.1', 80));
    const otherHost = ix.entry('d2', dest(SVC, '10.1.0.1', 80));
    expect(new Set([a80, a81, b80, otherSvc, otherHost]).size).toBe(5);
    expect(ix.entry('d1', dest(SVC, '10.1.0.1', 80))).toBe(a80);
    expect(ix.entry('d1', dest(SVC, '10.1.0.1', 81))).toBe(a81);
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.1', port: 81 })).toBe(a81);
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.2', port: 80 })).toBe(b80);
    expect(ix.destination('d1', { service: 'tcp:10.0.0.2:80', address: '10.1.0.1', port: 80 })).toBe(otherSvc);
    expect(ix.destination('d2', { service: SVC, address: '10.1.0.1', port: 80 })).toBe(otherHost);
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.1', port: 82 })).toBeUndefined();
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.3', port: 80 })).toBeUndefined();
    expect(ix.destination('d1', { service: 'tcp:10.0.0.3:80', address: '10.1.0.1', port: 80 })).toBeUndefined();
    expect(ix.destination('d3', { service: SVC, address: '10.1.0.1', port: 80 })).toBeUndefined();
    // A service's own entry is not one of its destinations' entries.
    expect(ix.get('d1', 'ipvs_service', SVC)).toBeUndefined();
  });

  it('finds each destination of a service with many, on two ports of each address', () => {
    const ix = new ResourceIndex();
    const made: object[] = [];
    for (let i = 0; i < 20; i++) for (const port of [80, 81]) made.push(ix.entry('d1', dest(SVC, `10.1.0.${i}`, port)));
    expect(new Set(made).size).toBe(40);
    let k = 0;
    for (let i = 0; i < 20; i++) {
      for (const port of [80, 81]) {
        expect(ix.destination('d1', { service: SVC, address: `10.1.0.${i}`, port })).toBe(made[k]);
        expect(ix.entry('d1', dest(SVC, `10.1.0.${i}`, port))).toBe(made[k++]);
      }
    }
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.1', port: 82 })).toBeUndefined();
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.20', port: 80 })).toBeUndefined();
  });

  it('finds the destinations of a short list in any order, the one after the last found first or not', () => {
    const ix = new ResourceIndex();
    const made = [0, 1, 2, 3, 4].map((i) => ix.entry('d1', dest(SVC, `10.1.0.${i}`, 80)));
    for (const i of [0, 1, 2, 4, 3, 3, 0, 4, 2, 1, 1]) expect(ix.destination('d1', { service: SVC, address: `10.1.0.${i}`, port: 80 })).toBe(made[i]);
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.5', port: 80 })).toBeUndefined();
    expect(ix.destination('d1', { service: SVC, address: '10.1.0.2', port: 80 })).toBe(made[2]);
  });

  it('gives each side of one object the same entry', () => {
    const ix = new ResourceIndex();
    const observed = { host: 'h', type: 'sysctl' as const, id: 'a', attrs: { name: 'a', value: '1' } };
    ix.entry('h', observed).observed = observed;
    ix.entry('g', observed);
    const e = ix.entry('h', { type: 'sysctl', id: 'a', attrs: { name: 'a', value: '2' } });
    expect(e.observed).toBe(observed);
    expect(e.named).toBeUndefined();
  });
});
