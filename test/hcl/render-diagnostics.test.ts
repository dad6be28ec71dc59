import { describe, expect, test } from 'vitest';
import { parseFile } from '../../src/hcl/parse.js';
import { diagnosticToJson, renderDiagnostic } from '../../src/render/diagnostics.js';

const src = 'a = 1\nb = "é" 2\n';
const { diagnostics } = parseFile(src, 'main.tf');
const sources = new Map([['main.tf', src]]);

describe('renderDiagnostic', () => {
  test('draws the Terraform box with location, source line, marker and detail', () => {
    const text = renderDiagnostic(diagnostics[0], sources, { color: false });
    expect(text.split('\n')).toEqual([
      '╷',
      '│ Error: Missing newline after argument',
      '│ ',
      '│   on main.tf line 2:',
      '│    2: b = "é" 2',
      '│               ^',
      '│ ',
      '│ An argument definition must end with a newline.',
      '╵',
      '',
    ]);
  });

  test('colour form underlines the subject instead of a caret line', () => {
    const text = renderDiagnostic(diagnostics[0], sources, { color: true });
    expect(text).toContain('\u001b[4m2\u001b[24m');
    expect(text).not.toContain('^');
  });

  test('a diagnostic without a subject has no source section', () => {
    const text = renderDiagnostic({ severity: 'warning', summary: 'Heads up', detail: 'Details.' }, sources, { color: false });
    expect(text).toBe('╷\n│ Warning: Heads up\n│ \n│ Details.\n╵\n');
  });
});

describe('diagnosticToJson', () => {
  test('has the terraform validate -json shape', () => {
    expect(diagnosticToJson(diagnostics[0], sources)).toEqual({
      severity: 'error',
      summary: 'Missing newline after argument',
      detail: 'An argument definition must end with a newline.',
      range: { filename: 'main.tf', start: { line: 2, column: 9, byte: 15 }, end: { line: 2, column: 10, byte: 16 } },
      snippet: { context: null, code: 'b = "é" 2', start_line: 2, highlight_start_offset: 9, highlight_end_offset: 10, values: [] },
    });
  });
});

describe('CRLF line endings and the context line', () => {
  const crlf = 'locals {\r\n  a = 1\r\n  b = "x" 2\r\n}\r\n';
  const diag = parseFile(crlf, 'main.tf').diagnostics[0];
  const crlfSources = new Map([['main.tf', crlf]]);

  test('JSON: the same range, snippet and context as terraform validate -json (1.11.4) gives', () => {
    expect(diagnosticToJson(diag, crlfSources)).toEqual({
      severity: 'error',
      summary: 'Missing newline after argument',
      detail: 'An argument definition must end with a newline.',
      range: { filename: 'main.tf', start: { line: 3, column: 11, byte: 29 }, end: { line: 3, column: 12, byte: 30 } },
      snippet: { context: 'locals', code: '  b = "x" 2', start_line: 3, highlight_start_offset: 10, highlight_end_offset: 11, values: [] },
    });
  });

  test('text: the marker is under the offending character, and the box names the enclosing block', () => {
    expect(renderDiagnostic(diag, crlfSources, { color: false }).split('\n').slice(3, 6)).toEqual([
      '│   on main.tf line 3, in locals:',
      '│    3:   b = "x" 2',
      '│                 ^',
    ]);
  });

  test('the context names a labelled block as Terraform does', () => {
    const src = 'virtual_server "web" {\n  port = 80 80\n}\n';
    const d = parseFile(src, 'main.hcl').diagnostics[0];
    expect(renderDiagnostic(d, new Map([['main.hcl', src]]), { color: false })).toContain('  on main.hcl line 2, in virtual_server "web":\n');
  });
});
