import { structuredPatch } from 'diff';

/** A unified diff as `diff -u --label=old/PATH --label=new/PATH` prints it (what terraform fmt -diff shows). */
export function unifiedDiff(path: string, before: string, after: string): string {
  const patch = structuredPatch(`old/${path}`, `new/${path}`, before, after, '', '', { context: 3 });
  const range = (start: number, lines: number): string => (lines === 1 ? `${start}` : `${start},${lines}`);
  let out = `--- old/${path}\n+++ new/${path}\n`;
  for (const h of patch.hunks) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    for (const line of h.lines) out += `${line}\n`;
  }
  return out;
}
