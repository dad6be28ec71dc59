import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatHclSource } from '../../../src/hcl/format/format-hcl.js';

/** Inputs with the exact text `terraform fmt` (1.11) writes for each, copied unchanged from the shared conformance set. */
const DIR = new URL('../../fixtures/fmt/', import.meta.url);
const inputs = readdirSync(DIR).filter((n) => n.endsWith('.in.hcl')).sort();

describe('fmt conformance: byte for byte what terraform fmt writes', () => {
  it('has the whole set', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(25);
  });

  for (const name of inputs) {
    const src = readFileSync(new URL(name, DIR), 'utf8');
    const want = readFileSync(new URL(name.replace('.in.hcl', '.out.hcl'), DIR), 'utf8');

    it(name, () => {
      const r = formatHclSource(src, name);
      expect(r.diagnostics).toEqual([]);
      expect(r.formatted).toBe(want);
    });

    it(`${name} is idempotent`, () => {
      expect(formatHclSource(want, name).formatted).toBe(want);
    });
  }
});
