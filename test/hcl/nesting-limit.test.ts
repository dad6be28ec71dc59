import { describe, expect, it } from 'vitest';
import { formatHclSource } from '../../src/hcl/format/format-hcl.js';
import { MAX_NESTING } from '../../src/hcl/nesting-limit.js';
import { parseFile } from '../../src/hcl/parse.js';
import { parseHclToJson } from '../../src/hcl/to-json.js';

const nest = (open: string, inner: string, close: string, n: number) => open.repeat(n) + inner + close.repeat(n);

/** Each construct nested n levels deep, as an attribute on line 2. */
const CONSTRUCTS: Record<string, (n: number) => string> = {
  parentheses: (n) => `x = ${nest('(', '1', ')', n)}`,
  brackets: (n) => `x = ${nest('[', '1', ']', n)}`,
  objects: (n) => `x = ${nest('{a=', '1', '}', n)}`,
  'unary not': (n) => `x = ${'!'.repeat(n)}true`,
  'unary minus': (n) => `x = ${'-'.repeat(n)}1`,
  templates: (n) => `x = ${nest('"${', '1', '}"', n)}`,
  'function calls': (n) => `x = ${nest('max(', '1', ')', n)}`,
  'conditional chains': (n) => `x = ${'true ? 1 : '.repeat(n)}0`,
  'conditionals in true branches': (n) => `x = ${'true ? '.repeat(n)}1${' : 0'.repeat(n)}`,
};

describe(`nesting is limited to ${MAX_NESTING} levels`, () => {
  for (const [name, make] of Object.entries(CONSTRUCTS)) {
    it(`${name} 2,000 deep: a "Nesting too deep" diagnostic at the place, no stack overflow`, () => {
      const src = `# deep\n${make(2000)}\n`;
      const r = parseFile(src, 'deep.hcl');
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({ severity: 'error', summary: 'Nesting too deep', subject: { filename: 'deep.hcl', start: { line: 2 } } });
      expect(r.diagnostics[0].detail).toContain(`more than ${MAX_NESTING} levels`);
      expect(parseHclToJson(src, 'deep.hcl').diagnostics[0].summary).toBe('Nesting too deep');
      expect(formatHclSource(src, 'deep.hcl').formatted).toBeNull();
    });
  }

  it('blocks 2,000 deep are refused the same way', () => {
    const src = `${'a {\n'.repeat(2000)}${'}\n'.repeat(2000)}`;
    expect(parseFile(src, 'deep.hcl').diagnostics[0].summary).toBe('Nesting too deep');
  });

  it('conditionals end with their item: many in a list, an object or a block are not nesting', () => {
    const many = Array.from({ length: 1500 }, (_, i) => `true ? ${i} : 0`);
    for (const src of [`x = [${many.join(', ')}]\n`, `x = {\n${many.map((c, i) => `  k${i} = ${c}`).join('\n')}\n}\n`, `b {\n${many.map((c, i) => `  k${i} = ${c}`).join('\n')}\n}\n`])
      expect(parseFile(src, 'wide.hcl').diagnostics).toEqual([]);
    expect(parseFile(`x = ${'true ? 1 : '.repeat(MAX_NESTING - 1)}0\n`, 'ok.hcl').diagnostics).toEqual([]);
  });

  it('accepts nesting right up to the limit, and the formatter handles it', () => {
    const levels = { parentheses: MAX_NESTING - 1, brackets: MAX_NESTING - 1, 'unary not': MAX_NESTING - 1, templates: (MAX_NESTING - 2) / 2 };
    for (const [name, n] of Object.entries(levels)) {
      const src = `${CONSTRUCTS[name](n)}\n`;
      expect(parseFile(src, 'ok.hcl').diagnostics, name).toEqual([]);
      const formatted = formatHclSource(src, 'ok.hcl').formatted;
      // terraform fmt unwraps the outermost "${...}" of a value that is only an interpolation.
      expect(formatted, name).toBe(name === 'templates' ? `${CONSTRUCTS.templates(n - 1)}\n` : src);
    }
  });
});
