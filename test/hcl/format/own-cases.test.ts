import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatHcl, formatHclSource } from '../../../src/hcl/format/format-hcl.js';

/**
 * Inputs of our own for what the shared set leaves out (operators, comments at EOF, unwrapping, labels and
 * types, grapheme widths, CRLF with comments and heredocs, BOM, indentation of unbalanced lines); each
 * .out.hcl is what `terraform fmt` 1.11.4 wrote for the .in.hcl (regenerate with test/fixtures/fmt-own/regenerate.sh).
 */
const DIR = new URL('../../fixtures/fmt-own/', import.meta.url);
const inputs = readdirSync(DIR).filter((n) => n.endsWith('.in.hcl')).sort();

describe('fmt on inputs of our own, against terraform fmt outputs', () => {
  for (const name of inputs) {
    const src = readFileSync(new URL(name, DIR), 'utf8');
    const want = readFileSync(new URL(name.replace('.in.hcl', '.out.hcl'), DIR), 'utf8');
    it(name, () => {
      expect(formatHclSource(src, name).formatted).toBe(want);
      expect(formatHclSource(want, name).formatted).toBe(want);
    });
  }
});

describe('formatHcl', () => {
  it('keeps namespaced function names together (as terraform fmt 1.11.4)', () => {
    expect(formatHcl('r = provider :: foo :: bar( 1 )\n')).toBe('r = provider::foo::bar(1)\n');
  });

  it('formats valid text', () => {
    expect(formatHcl('a   =1\nlonger= "x"\n')).toBe('a      = 1\nlonger = "x"\n');
  });

  it('refuses text with syntax errors, naming the problem and where', () => {
    expect(() => formatHcl('a = \n', 'gen.hcl')).toThrow(/not valid HCL: .*gen\.hcl:1,/);
  });

  it('leaves a file with syntax errors unformatted and reports them', () => {
    const r = formatHclSource('x=1\ny = [\n', 'bad.hcl');
    expect(r.formatted).toBeNull();
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
