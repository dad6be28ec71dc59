import { describe, expect, it } from 'vitest';
import { decode, HOSTS } from './helpers.js';

/** A service whose port, address and backends' for_each read the given locals. */
const service = (locals: string, port = 'local.port') => `locals {
${locals}
}
${HOSTS}
virtual_server "web" {
  director = "d"
  address  = "10.0.0.\${local.port % 200}"
  port     = ${port}
  backend "r1" {
    for_each = local.port > 0 ? { a = 1 } : {}
    weight   = each.value
  }
}
`;

const errors = (src: string) => decode(src).diagnostics.filter((d) => d.severity === 'error');

describe('a local whose expression fails', () => {
  it('gives its own error only, however often it is used', () => {
    const r = decode(service('  port = 1 + "a"'));
    expect(r.desired).toBeNull();
    const e = r.diagnostics.filter((d) => d.severity === 'error');
    expect(e.map((d) => [d.summary, d.subject?.start.line])).toEqual([['Invalid operand', 2]]);
  });

  it('fails the locals that read it without an error of their own', () => {
    expect(errors(service('  port = max(local.base, 80)\n  base = range(100000)')).map((d) => d.summary)).toEqual(['Error in function call']);
  });

  it('in a cycle, gives the cycle error only', () => {
    expect(errors(service('  port = local.other\n  other = local.port')).map((d) => d.summary)).toEqual(['Cycle in local values']);
  });

  it('does not hide a local that is not declared, in the same expression or another', () => {
    const e = errors(service('  port = 1 + "a"', 'local.port + local.prot'));
    expect(e.map((d) => d.summary)).toEqual(['Invalid operand', 'Reference to undeclared local value']);
    expect(e[1]!.detail).toMatch(/"prot" has not been declared\. Did you mean "port"\?/);
  });
});

it('a local that is not declared is reported at each use, with the nearest name', () => {
  const e = errors(service('  prt = 80'));
  expect(e.map((d) => d.summary)).toEqual(Array(3).fill('Reference to undeclared local value'));
  expect(e[0]!.detail).toMatch(/"port" has not been declared\. Did you mean "prt"\?/);
});
