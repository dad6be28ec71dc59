import { describe, expect, it } from 'vitest';
import { normaliseTerraformFlags } from '../../src/cli/terraform-flags.js';
import { parseDurationMs } from '../../src/cli/duration.js';
import { shellWords } from '../../src/cli/shell-words.js';

const known = new Set(['detailed-exitcode', 'out', 'var', 'var-file', 'no-color', 'json', 'auto-approve', 'input', 'lock']);

describe("Terraform's single-dash flags", () => {
  it('become commander long options', () => {
    expect(normaliseTerraformFlags(['plan', '-detailed-exitcode', '-out=p.plan', '-var', 'a=b', '-no-color'], known)).toEqual([
      'plan', '--detailed-exitcode', '--out=p.plan', '--var', 'a=b', '--no-color',
    ]);
  });
  it('leave short flags, unknown words, values and everything after -- alone', () => {
    expect(normaliseTerraformFlags(['-h', '-bogus', 'dir', '--', '-json'], known)).toEqual(['-h', '-bogus', 'dir', '--', '-json']);
  });
  it('give a bare boolean-valued flag its explicit true', () => {
    expect(normaliseTerraformFlags(['-input', '-lock=false', '--input'], known, new Set(['input', 'lock']))).toEqual(['--input=true', '--lock=false', '--input=true']);
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

describe('LVSPLAN_CLI_ARGS words', () => {
  it('split like a shell without expansion', () => {
    expect(shellWords(` -var 'a=b c' -var "x=\\"y\\"" plain\\ word $HOME `)).toEqual(['-var', 'a=b c', '-var', 'x="y"', 'plain word', '$HOME']);
    expect(shellWords(`'open`)).toBeNull();
    expect(shellWords('')).toEqual([]);
  });
});
