import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseHclToJson } from '../../src/hcl/to-json.js';
import { HCL_FIXTURES, readSource } from './support/fixtures.js';

type P = [number, number, number];
type Expectation = { json: unknown } | { errors: Array<[P, P]> };

/** Native-syntax cases modelled on hashicorp/hcl's specsuite (comments, literals, structure, heredocs, operators). */
describe('specsuite', () => {
  const dir = path.join(HCL_FIXTURES, 'specsuite');
  const expectations = JSON.parse(fs.readFileSync(path.join(dir, 'expectations.json'), 'utf8')) as Record<string, Expectation>;

  for (const [name, want] of Object.entries(expectations)) {
    test(name, () => {
      const src = readSource(path.join(dir, `${name}.hcl`));
      const { value, diagnostics } = parseHclToJson(src, `${name}.hcl`);
      if ('json' in want) {
        expect(diagnostics).toEqual([]);
        expect(value).toEqual(want.json);
      } else {
        const got = diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => [
            [d.subject?.start.line, d.subject?.start.column, d.subject?.start.byte],
            [d.subject?.end.line, d.subject?.end.column, d.subject?.end.byte],
          ]);
        expect(got).toEqual(want.errors);
      }
    });
  }
});
