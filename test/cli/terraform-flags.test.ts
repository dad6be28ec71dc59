import { describe, expect, it } from 'vitest';
import { normaliseTerraformFlags } from '../../src/cli/terraform-flags.js';
import { parseDurationMs } from '../../src/cli/duration.js';

const known = new Set(['detailed-exitcode', 'out', 'var', 'var-file', 'no-color', 'json', 'auto-approve']);

describe("Terraform's single-dash flags", () => {
  it('become commander long options', () => {
    expect(normaliseTerraformFlags(['plan', '-detailed-exitcode', '-out=p.plan', '-var', 'a=b', '-no-color'], known)).toEqual([
      'plan', '--detailed-exitcode', '--out=p.plan', '--var', 'a=b', '--no-color',
    ]);
  });
  it('leave short flags, unknown words, values and everything after -- alone', () => {
    expect(normaliseTerraformFlags(['-h', '-bogus', 'dir', '--', '-json'], known)).toEqual(['-h', '-bogus', 'dir', '--', '-json']);
  });
});

describe('durations', () => {
  it('read like Terraform', () => {
    expect(parseDurationMs('0s')).toBe(0);
    expect(parseDurationMs('30s')).toBe(30_000);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('15')).toBe(15_000);
    expect(parseDurationMs('1.5s')).toBeNull();
    expect(parseDurationMs('-1s')).toBeNull();
  });
});
