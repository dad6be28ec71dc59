import { describe, expect, test } from 'vitest';
import type { Attribute, Block, Expression } from '../../src/hcl/ast.js';
import { parseFile } from '../../src/hcl/parse.js';

function parseOk(src: string) {
  const r = parseFile(src, 'main.hcl');
  expect(r.diagnostics).toEqual([]);
  return r.file;
}

function attr(src: string, name = 'a'): Attribute {
  const a = parseOk(src).body.attributes.find((x) => x.name === name);
  if (a === undefined) throw new Error(`no attribute ${name}`);
  return a;
}

const pos = (line: number, column: number, byte: number) => ({ line, column, byte });

describe('parseFile structure', () => {
  test('blocks keep type, quoted and bare labels with their ranges', () => {
    const file = parseOk('virtual_server "web" bare {\n  port = 80\n}\n');
    const b = file.body.blocks[0] as Block;
    expect(b.type).toBe('virtual_server');
    expect(b.labels.map((l) => [l.value, l.quoted])).toEqual([['web', true], ['bare', false]]);
    expect(b.typeRange).toMatchObject({ start: pos(1, 1, 0), end: pos(1, 15, 14) });
    expect(b.labels[0].range).toMatchObject({ start: pos(1, 16, 15), end: pos(1, 21, 20) });
    expect(b.openBraceRange.start).toEqual(pos(1, 27, 26));
    expect(b.closeBraceRange).toMatchObject({ start: pos(3, 1, 40), end: pos(3, 2, 41) });
    expect(b.range).toMatchObject({ start: pos(1, 1, 0), end: pos(3, 2, 41) });
    expect(b.body.attributes[0].name).toBe('port');
  });

  test('items keep source order across attributes and blocks', () => {
    const file = parseOk('a = 1\nb {}\nc = 2\nd { e = 3 }\n');
    expect(file.body.items.map((i) => (i.kind === 'Block' ? `block:${i.type}` : `attr:${i.name}`))).toEqual([
      'attr:a', 'block:b', 'attr:c', 'block:d',
    ]);
    expect((file.body.blocks[1].body.attributes[0].expr as { value: unknown }).value).toBe(3);
  });

  test('columns count characters and bytes count UTF-8', () => {
    const a = attr('x = "é😀"\na = y\n');
    expect(a.expr.range).toMatchObject({ start: pos(2, 5, 17), end: pos(2, 6, 18) });
    const x = attr('x = "é😀"\n', 'x');
    expect(x.expr.range).toMatchObject({ start: pos(1, 5, 4), end: pos(1, 9, 12) });
  });

  test('string escapes resolve', () => {
    const e = attr('a = "t\\tn\\n q\\" b\\\\ \\u00e9 \\U0001F600 $${x} %%{y}"\n').expr;
    expect(e).toMatchObject({ kind: 'LiteralValue', value: 't\tn\n q" b\\ é 😀 ${x} %{y}' });
  });

  test('operator precedence follows HCL', () => {
    const e = attr('a = 1 + 2 * 3 == 7 || !x && y\n').expr;
    const shape = (x: Expression): unknown =>
      x.kind === 'BinaryOp' ? [shape(x.lhs), x.op, shape(x.rhs)]
      : x.kind === 'UnaryOp' ? [x.op, shape(x.operand)]
      : x.kind === 'LiteralValue' ? x.value
      : x.kind === 'ScopeTraversal' ? x.traversal.map((t) => ('name' in t ? t.name : t.key)).join('.')
      : x.kind;
    expect(shape(e)).toEqual([[[1, '+', [2, '*', 3]], '==', 7], '||', [['!', 'x'], '&&', 'y']]);
  });

  test('conditionals, calls with expansion, traversals and splats', () => {
    expect(attr('a = c ? 1 : 2\n').expr.kind).toBe('Conditional');
    const call = attr('a = max(1, xs...)\n').expr;
    expect(call).toMatchObject({ kind: 'FunctionCall', name: 'max', expandFinal: true });
    const trav = attr('a = var.list[0].name["k"].0\n').expr;
    expect(trav.kind).toBe('ScopeTraversal');
    if (trav.kind === 'ScopeTraversal') {
      expect(trav.traversal.map((t) => [t.kind, 'name' in t ? t.name : t.key])).toEqual([
        ['Root', 'var'], ['Attr', 'list'], ['Index', 0], ['Attr', 'name'], ['Index', 'k'], ['Index', 0],
      ]);
    }
    expect(attr('a = x[y]\n').expr.kind).toBe('Index');
    expect(attr('a = x.*.y\n').expr).toMatchObject({ kind: 'Splat', style: 'attr' });
    expect(attr('a = x[*].y\n').expr).toMatchObject({ kind: 'Splat', style: 'full' });
  });

  test('for expressions: tuple, object, grouping and condition', () => {
    expect(attr('a = [for i, v in xs : v if i > 0]\n').expr).toMatchObject({ kind: 'For', keyVar: 'i', valueVar: 'v', keyExpr: null });
    const obj = attr('a = {for v in xs : v.k => v...}\n').expr;
    expect(obj).toMatchObject({ kind: 'For', keyVar: null, group: true });
  });

  test('objects accept = and :, commas and newlines; bare keys are marked', () => {
    const e = attr('a = {\n  b = 1\n  "c": 2, (d) = 3\n}\n').expr;
    expect(e.kind).toBe('ObjectCons');
    if (e.kind === 'ObjectCons') {
      expect(e.items.map((i) => i.bareKey)).toEqual([true, false, false]);
      expect(e.items[2].keyExpr.kind).toBe('Parentheses');
    }
  });

  test('templates: interpolation, directives, strip markers, wrap', () => {
    expect(attr('a = "${x}"\n').expr.kind).toBe('TemplateWrap');
    const t = attr('a = "x ${~ y ~} z%{ if c }t%{ else }f%{ endif }%{ for v in l }${v}%{ endfor }"\n').expr;
    expect(t.kind).toBe('Template');
    if (t.kind === 'Template') {
      expect(t.parts.map((p) => p.kind)).toEqual(['TemplateLiteral', 'TemplateInterpolation', 'TemplateLiteral', 'TemplateIf', 'TemplateFor']);
      expect(t.parts[0]).toMatchObject({ value: 'x' });
      expect(t.parts[2]).toMatchObject({ value: 'z' });
    }
  });

  test('heredocs, with indentation stripping for <<-', () => {
    const h = attr('a = <<-EOT\n    one\n      two\n    EOT\n').expr;
    expect(h).toMatchObject({ kind: 'Template', heredoc: true, parts: [{ kind: 'TemplateLiteral', value: 'one\n  two\n' }] });
  });

  test('a flushed heredoc line starts after the removed indentation, counted in UTF-8 bytes', () => {
    const h = attr('a = <<-EOT\n\u2003\u2003x\n  EOT\n').expr;
    expect(h).toMatchObject({ kind: 'Template', parts: [{ kind: 'TemplateLiteral', value: 'x\n' }] });
    if (h.kind === 'Template') expect(h.parts[0].range.start).toEqual(pos(2, 3, 17));
  });

  test('nodes keep offsets and make ranges when read; their own properties are only syntax', () => {
    const file = parseOk('b "x" {\n  a = f(1)\n}\n');
    expect(JSON.stringify(file.body)).not.toContain('main.hcl');
    const call = file.body.blocks[0].body.attributes[0].expr;
    expect(call.range).toEqual({ filename: 'main.hcl', start: pos(2, 7, 14), end: pos(2, 11, 18) });
  });

  test('comments of all three kinds are ignored', () => {
    const file = parseOk('# one\n// two\n/* three\n */ a = 1 # trailing\n');
    expect(file.body.attributes.map((a) => a.name)).toEqual(['a']);
  });
});

describe('parseFile recovery', () => {
  test('an error inside one block does not hide an error in the next', () => {
    const { diagnostics } = parseFile('a {\n  b = \n}\nc "x" = {\n}\n', 'x.hcl');
    expect(diagnostics.map((d) => [d.summary, d.subject?.start.line])).toEqual([
      ['Invalid expression', 2],
      ['Invalid block definition', 4],
    ]);
  });

  test('follow-on errors are suppressed after recovery', () => {
    const { diagnostics } = parseFile('a = (((\nb = 1\n', 'x.hcl');
    expect(diagnostics.length).toBe(1);
  });
});
