import { Chalk } from 'chalk';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { diagnosticContext } from './diagnostic-context.js';
import { byteLength, snippetFor, splitLineByBytes } from './diagnostic-snippet.js';
import { escapeControl } from './host-text.js';

/**
 * Renders a diagnostic the way Terraform does: a box drawn with ╷ │ ╵, "Error: summary", the source
 * location and line(s) with the subject underlined, then the detail. Without colour the subject is
 * marked with a line of ^ under the source.
 */
export function renderDiagnostic(d: Diagnostic, sources: Map<string, string>, opts: { color: boolean }): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const label = d.severity === 'error' ? c.bold.red('Error: ') : c.bold.yellow('Warning: ');
  const body: string[] = [label + c.bold(escapeControl(d.summary)), ''];
  const subject = d.subject;
  if (subject !== undefined) {
    const source = sources.get(subject.filename);
    const context = source === undefined ? null : diagnosticContext(subject.filename, source, subject.start.byte);
    body.push(`  on ${subject.filename} line ${subject.start.line}${context === null ? '' : `, in ${context}`}:`);
    const snip = source === undefined ? null : snippetFor(source, subject);
    if (snip !== null) {
      let lineStart = 0;
      snip.lines.forEach((line, i) => {
        const num = String(snip.startLine + i).padStart(4, ' ');
        const from = snip.highlightStart - lineStart;
        const to = snip.highlightEnd - lineStart;
        const [before, mid, after] = splitLineByBytes(line, from, to);
        body.push(`${num}: ${before}${opts.color ? c.underline(mid) : mid}${after}`);
        if (!opts.color && to > 0 && from <= byteLength(line)) {
          const width = Math.max(1, [...mid].length);
          body.push(' '.repeat(6 + [...before].length) + '^'.repeat(width));
        }
        lineStart += byteLength(line) + 1;
      });
    }
    body.push('');
  }
  if (d.detail !== undefined && d.detail !== '') body.push(...escapeControl(d.detail).split('\n'));
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  const rule = d.severity === 'error' ? c.red('│') : c.yellow('│');
  const out = [d.severity === 'error' ? c.red('╷') : c.yellow('╷')];
  for (const line of body) out.push(`${rule} ${line}`);
  out.push(d.severity === 'error' ? c.red('╵') : c.yellow('╵'));
  return out.join('\n') + '\n';
}

export interface JsonDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  range?: {
    filename: string;
    start: { line: number; column: number; byte: number };
    end: { line: number; column: number; byte: number };
  };
  snippet?: {
    context: string | null;
    code: string;
    start_line: number;
    highlight_start_offset: number;
    highlight_end_offset: number;
    values: never[];
  };
}

/** A diagnostic in the shape of `terraform validate -json`'s diagnostics[] entries. */
export function diagnosticToJson(d: Diagnostic, sources: Map<string, string>): JsonDiagnostic {
  const out: JsonDiagnostic = { severity: d.severity, summary: d.summary, detail: d.detail ?? '' };
  const s = d.subject;
  if (s === undefined) return out;
  out.range = {
    filename: s.filename,
    start: { line: s.start.line, column: s.start.column, byte: s.start.byte },
    end: { line: s.end.line, column: s.end.column, byte: s.end.byte },
  };
  const source = sources.get(s.filename);
  const snip = source === undefined ? null : snippetFor(source, s);
  if (snip !== null && source !== undefined) {
    out.snippet = {
      context: diagnosticContext(s.filename, source, s.start.byte),
      code: snip.lines.join('\n'),
      start_line: snip.startLine,
      highlight_start_offset: snip.highlightStart,
      highlight_end_offset: snip.highlightEnd,
      values: [],
    };
  }
  return out;
}
