import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, test } from 'vitest';
import { parseFile } from '../../src/hcl/parse.js';
import { renderDiagnostic } from '../../src/render/diagnostics.js';
import { HCL_FIXTURES, hclFilesUnder, readSource } from './support/fixtures.js';

/** Position of the first diagnostic in @cdktf/hcl2json's error text, e.g. "b.hcl:2,10-3,1: Invalid expression; ...". */
async function oracleFirstError(name: string, src: string): Promise<{ line: number; column: number; summary: string } | null> {
  try {
    await parse(name, src);
    return null;
  } catch (e) {
    const text = String((e as Error).message ?? e);
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`${escaped}:(\\d+),(\\d+)-[\\d,]+: ([^;]*);`).exec(text);
    if (m === null) throw new Error(`unexpected oracle error text: ${text}`);
    return { line: Number(m[1]), column: Number(m[2]), summary: m[3] };
  }
}

describe('syntax errors match HashiCorp HCL positions', () => {
  const files = hclFilesUnder(path.join(HCL_FIXTURES, '_error_'), false);

  test('at least 40 distinct broken files', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  for (const file of files) {
    const name = path.basename(file);
    test(name, async () => {
      const src = readSource(file);
      const oracle = await oracleFirstError(name, src);
      expect(oracle).not.toBeNull();
      const { diagnostics } = parseFile(src, name);
      expect(diagnostics.length).toBeGreaterThan(0);
      const first = diagnostics[0];
      expect(first.severity).toBe('error');
      expect({ line: first.subject?.start.line, column: first.subject?.start.column, summary: first.summary }).toEqual(oracle);
      const rendered = renderDiagnostic(first, new Map([[name, src]]), { color: false });
      await expect(rendered).toMatchFileSnapshot(path.join('__snapshots__', 'errors', name.replace(/\.hcl$/, '.txt')));
    });
  }
});
