import { describe, expect, it } from 'vitest';
import type { Expression } from '../../../src/hcl/ast.js';
import { evaluate } from '../../../src/hcl/eval/evaluate.js';
import { parseFile } from '../../../src/hcl/parse.js';
import type { HclValue } from '../../../src/hcl/value.js';
import { plain } from './ast-builders.js';

/** Parses `x = <text>` and returns the attribute's expression. */
function parseExpr(text: string): Expression {
  const { file, diagnostics } = parseFile(`x = ${text}\n`, 'expr.hcl');
  if (diagnostics.length > 0) throw new Error(`parse failed: ${JSON.stringify(diagnostics.map((d) => d.summary))}`);
  return file.body.attributes[0]!.expr;
}

const vars: Record<string, HclValue> = {
  var: { vip: '192.168.122.50', ports: [80, 443], weights: { lvs01: 1, lvs02: 0 }, nothing: null },
  local: { backends: [{ name: 'lvs01', addr: '10.0.0.1' }, { name: 'lvs02', addr: '10.0.0.2' }] },
};

function run(text: string) {
  const r = evaluate(parseExpr(text), { variables: vars });
  return { value: plain(r.value), diagnostics: r.diagnostics };
}

function ok(text: string): HclValue {
  const r = run(text);
  expect(r.diagnostics).toEqual([]);
  return r.value;
}

describe('evaluating parsed expressions', () => {
  it('evaluates arithmetic with precedence', () => {
    expect(ok('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(ok('(1 + 2) * 3 % 4')).toBe(1);
    expect(ok('-var.ports[0] + 1')).toBe(-79);
    expect(ok('!(1 < 2) || 2 >= 2 && true')).toBe(true);
  });

  it('evaluates templates with interpolation, directives and strip markers', () => {
    expect(ok('"${var.vip}:${var.ports[1]}"')).toBe('192.168.122.50:443');
    expect(ok('"a ${~ "x" ~} b"')).toBe('axb');
    expect(ok('"%{ for p in var.ports }${p},%{ endfor }"')).toBe('80,443,');
    expect(ok('"%{ if length(var.ports) > 1 }many%{ else }one%{ endif }"')).toBe('many');
    expect(ok('"${var.ports}"')).toEqual([80, 443]);
  });

  it('evaluates for expressions, splats and function calls together', () => {
    expect(ok('[for b in local.backends : upper(b.name) if b.name != "lvs02"]')).toEqual(['LVS01']);
    expect(ok('{for b in local.backends : b.name => b.addr}')).toEqual({ lvs01: '10.0.0.1', lvs02: '10.0.0.2' });
    expect(ok('{for k, w in var.weights : w => k...}')).toEqual({ '0': ['lvs02'], '1': ['lvs01'] });
    expect(ok('local.backends[*].addr')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(ok('local.backends.*.name')).toEqual(['lvs01', 'lvs02']);
    expect(ok('var.nothing[*]')).toEqual([]);
    expect(ok('max(var.ports...)')).toBe(443);
    expect(ok('cidrhost("${var.vip}/24", -2)')).toBe('192.168.122.254');
    expect(ok('var.weights["lvs0${1 + 1}"]')).toBe(0);
    expect(ok('{ (var.vip) = true, plain = 1 }')).toEqual({ '192.168.122.50': true, plain: 1 });
  });

  it('reports errors with the range of the failing part of the source', () => {
    const r = run('var.ports[5]');
    expect(r.value).toBeNull();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.summary).toBe('Invalid index');
    expect(r.diagnostics[0]!.subject!.start.column).toBeGreaterThanOrEqual(14);

    const u = run('1 + upper("x")');
    expect(u.diagnostics[0]!.summary).toBe('Invalid operand');
    expect(u.diagnostics[0]!.subject!.start.column).toBe(9);

    const c = run('nosuch(1)');
    expect(c.diagnostics[0]).toMatchObject({ summary: 'Call to unknown function' });
    expect(c.diagnostics[0]!.subject!.start.column).toBe(5);
    expect(c.diagnostics[0]!.subject!.end.column).toBe(11);
  });
});
