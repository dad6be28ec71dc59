import { formatHcl } from '../hcl/format/format-hcl.js';
import { parseFile } from '../hcl/parse.js';
import type { Block } from '../hcl/ast.js';
import type { Range } from '../hcl/range.js';

export type DirectorEdit = { text: string; at: Range } | { problem: string };

/**
 * The text of the file declaring director `name`, with `bind_vips = false` and a comment saying `why`:
 * the attribute's value replaced where it is written, else both lines added at the top of the block.
 * A file that was formatted as `lvsplan fmt` formats stays so; other layouts are left as they are.
 */
export function withBindVipsOff(text: string, filename: string, name: string, why: string): DirectorEdit {
  const parsed = parseFile(text, filename);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { problem: `${filename} does not parse.` };
  const b = findDirector(parsed.file.body.blocks, name);
  if (!b) return { problem: `${filename} holds no director "${name}" block.` };
  if (b.body.items.some((i) => i.range.start.line === b.openBraceRange.start.line))
    return { problem: `its block in ${filename} has content on the line of its "{".` };
  const lines = text.split('\n');
  const cr = (i: number): string => (lines[i]!.endsWith('\r') ? '\r' : '');
  const indentOf = (i: number): string => /^[ \t]*/.exec(lines[i]!)![0];
  const note = (indent: string, i: number): string => `${indent}# ${why}${cr(i)}`;
  const existing = b.body.attributes.find((a) => a.name === 'bind_vips');
  if (existing) {
    const e = existing.expr.range;
    if (e.start.line !== e.end.line) return { problem: `its bind_vips in ${filename} spans several lines.` };
    const i = e.start.line - 1;
    const chars = Array.from(lines[i]!);
    lines[i] = [...chars.slice(0, e.start.column - 1), 'false', ...chars.slice(e.end.column - 1)].join('');
    lines.splice(i, 0, note(indentOf(i), i));
  } else {
    const open = b.openBraceRange.start.line - 1;
    const first = b.body.items[0];
    const indent = first ? indentOf(first.range.start.line - 1) : `${indentOf(open)}  `;
    const next = lines[open + 1] ?? '';
    const added = [note(indent, open), `${indent}bind_vips = false${cr(open)}`];
    if (next.trim() !== '' && open + 1 !== b.closeBraceRange.start.line - 1) added.push(cr(open));
    lines.splice(open + 1, 0, ...added);
  }
  let edited = lines.join('\n');
  if (formatHcl(text, filename) === text) edited = formatHcl(edited, filename);
  const check = parseFile(edited, filename);
  const after = findDirector(check.file.body.blocks, name)?.body.attributes.find((a) => a.name === 'bind_vips');
  if (check.diagnostics.some((d) => d.severity === 'error') || after?.expr.kind !== 'LiteralValue' || after.expr.value !== false)
    return { problem: `lvsplan could not add it to ${filename} safely.` };
  return { text: edited, at: after.range };
}

function findDirector(blocks: readonly Block[], name: string): Block | undefined {
  return blocks.find((x) => x.type === 'director' && x.labels[0]?.value === name);
}
