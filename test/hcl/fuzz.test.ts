import { expect, test } from 'vitest';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';
import { parseFile } from '../../src/hcl/parse.js';
import { parseHclToJson } from '../../src/hcl/to-json.js';
import { HCL_FIXTURES, hclFilesUnder, readSource } from './support/fixtures.js';
import { generateConfig } from './support/generate-hcl.js';
import { mutate } from './support/mutate.js';
import { Random } from './support/random.js';

const INPUTS = 100_000;
const encoder = new TextEncoder();

/** Why a diagnostic is malformed, or null when it is a proper value with an in-bounds subject. */
function problemWith(d: Diagnostic, byteLength: number): string | null {
  if (d.severity !== 'error' && d.severity !== 'warning') return `bad severity ${String(d.severity)}`;
  if (typeof d.summary !== 'string' || d.summary === '') return 'empty summary';
  const s = d.subject;
  if (s === undefined) return 'no subject';
  for (const p of [s.start, s.end]) {
    if (!(p.line >= 1 && p.column >= 1 && p.byte >= 0 && p.byte <= byteLength)) return `position out of range ${JSON.stringify(p)}`;
  }
  if (s.start.byte > s.end.byte) return `inverted range ${JSON.stringify(s)}`;
  return null;
}

test(`${INPUTS} mutated inputs: no exception, no hang, diagnostics are well-formed values`, () => {
  const rnd = new Random(424242);
  const seeds = hclFilesUnder(HCL_FIXTURES, false).map(readSource);
  for (let i = 0; i < 20; i++) seeds.push(generateConfig(rnd, 4));
  const failures: string[] = [];
  let slowest = 0;
  let withErrors = 0;
  for (let i = 0; i < INPUTS; i++) {
    const src = mutate(rnd, seeds[i % seeds.length]);
    const t0 = performance.now();
    try {
      const { file, diagnostics } = parseFile(src, 'fuzz.hcl');
      const json = parseHclToJson(src, 'fuzz.hcl');
      const len = encoder.encode(src).length;
      if (!Array.isArray(diagnostics) || file.body === undefined) failures.push(`no result for ${JSON.stringify(src)}`);
      for (const d of [...diagnostics, ...json.diagnostics]) {
        const problem = problemWith(d, len);
        if (problem !== null) failures.push(`${problem} (${d.summary}) in ${JSON.stringify(src)}`);
      }
      if (diagnostics.length > 0) withErrors++;
      if ((json.value === null) !== json.diagnostics.some((d) => d.severity === 'error')) {
        failures.push(`value/diagnostics disagree for ${JSON.stringify(src)}`);
      }
    } catch (e) {
      failures.push(`threw ${String(e)} for ${JSON.stringify(src)}`);
    }
    slowest = Math.max(slowest, performance.now() - t0);
    if (failures.length > 5) break;
  }
  expect(failures).toEqual([]);
  expect(slowest).toBeLessThan(1000);
  // The mutations must actually exercise the error paths.
  expect(withErrors).toBeGreaterThan(INPUTS / 2);
});
