import { describe, expect, it } from 'vitest';
import type { Expression } from '../../../src/hcl/ast.js';
import { evaluate, quickValue } from '../../../src/hcl/eval/evaluate.js';
import { parseFile } from '../../../src/hcl/parse.js';
import type { HclValue } from '../../../src/hcl/value.js';

function parseExpr(text: string): Expression {
  const { file, diagnostics } = parseFile(`x = ${text}\n`, 'expr.hcl');
  expect(diagnostics).toEqual([]);
  return file.body.attributes[0]!.expr;
}

const vars: Record<string, HclValue> = {
  var: { port: 8080, nested: { name: 'web', list: ['a', 'b'] }, nothing: null },
  b: { key: 0, value: '10.200.0.1' },
  each: { key: 's1', value: { weight: 3 } },
  list: ['x', 'y'],
};

describe('quickValue', () => {
  it('reads literals and references whose every step exists, as the evaluator does', () => {
    for (const text of ['8080', '"nat"', 'true', 'null', 'b.value', 'b.key', 'var.port', 'var.nested.name', 'var.nested.list', 'var.nothing', 'each.value.weight', 'list', '[b.value]', '[b.value, 8080, var.nested.name]', '[]', '"${b.value}"', '(var.port)', '"${var.nested.list}"']) {
      const expr = parseExpr(text);
      const full = evaluate(expr, { variables: vars });
      expect(full.diagnostics, text).toEqual([]);
      expect(quickValue(expr, vars), text).toEqual(full.value);
    }
  });

  it('leaves to the evaluator what it must compute or diagnose', () => {
    for (const text of ['var.missing', 'var', 'var["port"]', 'nope.x', 'list.0', 'list[0]', 'var.nothing.x', 'b.value.x', 'upper(b.value)', '[b.value, var.missing]', '"x${b.value}"', '(b.value.x)', 'b.value == "x"']) expect(quickValue(parseExpr(text), vars), text).toBeUndefined();
  });
});
