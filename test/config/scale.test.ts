import { expect, it } from 'vitest';
import { decodeOk } from './helpers.js';
// @ts-expect-error plain ESM helper shared with test/bench/config-decode.mjs, no type declarations
import { scaleConfig } from '../support/scale-config.mjs';

it('decodes 10,000 services and 100,000 backends written with repetition', () => {
  const d = decodeOk(scaleConfig(10_000, 10));
  const count = (t: string) => d.resources.filter((r) => r.type === t).length;
  expect(count('ipvs_service')).toBe(10_000);
  expect(count('ipvs_destination')).toBe(100_000);
  expect(new Set(d.resources.map((r) => `${r.host} ${r.type} ${r.id}`)).size).toBe(d.resources.length);
  const last = d.resources.find((r) => r.address === 'virtual_server.svc["s9999"].backend["10.1.0.10"]')!;
  expect(last.id).toBe('tcp:10.0.0.100:10999->10.1.0.10:10999');
  expect(last.attrs.weight).toBe(10);
}, 60_000);
