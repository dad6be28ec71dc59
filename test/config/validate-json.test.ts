import { expect, it } from 'vitest';
import { loadConfigDir, validateJson } from '../../src/config/index.js';

it('validate -json has Terraform\'s shape, with ranges and snippets from the source', () => {
  const dir = 'test/fixtures/config/invalid/weight-range';
  const r = loadConfigDir(dir, { vars: [], varFiles: [], env: {} });
  const j = validateJson(r.diagnostics, r.sources);
  expect(j).toMatchObject({ format_version: '1.0', valid: false, error_count: 1, warning_count: 0 });
  const d = j.diagnostics[0]!;
  expect(d).toMatchObject({ severity: 'error', summary: 'Weight out of range' });
  expect(d.range).toEqual({
    filename: `${dir}/main.hcl`,
    start: { line: 13, column: 27, byte: expect.any(Number) },
    end: { line: 13, column: 37, byte: expect.any(Number) },
  });
  expect(d.snippet?.code).toContain('weight = 2147483648');
  const ok = loadConfigDir('examples/lvs-dr', { vars: [], varFiles: [], env: {} });
  expect(validateJson(ok.diagnostics, ok.sources)).toEqual({ format_version: '1.0', valid: true, error_count: 0, warning_count: 0, diagnostics: [] });
});
