import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHclSource } from '../../../src/hcl/format/format-hcl.js';

/** The examples users copy from are laid out as lvsplan fmt (and terraform fmt) would write them. */
describe('examples are in canonical format', () => {
  const files = readdirSync('examples', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join('examples', d.name)).filter((n) => n.endsWith('.hcl')).map((n) => join('examples', d.name, n)));

  it('has examples', () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const file of files) {
    it(file, () => {
      const src = readFileSync(file, 'utf8');
      expect(formatHclSource(src, file).formatted).toBe(src);
    });
  }
});
