import { describe, expect, it } from 'vitest';
import { decode, HOSTS } from './helpers.js';

const config = (locals: string) => `variable "p" {
  default = 80
}
locals {
${locals}
}
${HOSTS}
`;

const errors = (src: string) =>
  decode(src)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.summary, d.detail, d.subject?.start.line, d.subject?.start.column]);

describe('var and local are namespaces, not values', () => {
  it('refuses local used whole, which would be only the locals evaluated before it', () => {
    expect(errors(config('  a = 1\n  b = [for k, v in local : k]'))).toEqual([
      ['Invalid reference', 'The "local" object cannot be accessed directly. Instead, access one of its attributes.', 6, 20],
    ]);
  });

  it('refuses var used whole, and indexed', () => {
    expect(errors(config('  a = keys(var)\n  b = var["p"]'))).toEqual([
      ['Invalid reference', 'The "var" object cannot be accessed directly. Instead, access one of its attributes.', 5, 12],
      ['Invalid reference', 'The "var" object does not support this operation. Access one of its attributes: var.NAME.', 6, 10],
    ]);
  });

  it('leaves an iterator named like a namespace alone, and reads var.NAME and local.NAME', () => {
    expect(errors(config('  a = [for local in [var.p] : local + 1]\n  b = local.a[0] + var.p'))).toEqual([]);
  });
});
