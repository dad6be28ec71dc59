import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDir } from '../../src/config/index.js';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';

/** Loads HCL text as a configuration directory of its own: the diagnostics validate would print. */
export function validateText(hcl: string, extra: Record<string, string> = {}): Diagnostic[] {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-import-'));
  try {
    writeFileSync(join(dir, 'imported.hcl'), hcl);
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
    return loadConfigDir(dir, { vars: [], varFiles: [], env: {} }).diagnostics;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describe(d: Diagnostic): string {
  const s = d.subject;
  const at = s ? `${s.filename.replace(/.*\/fixtures\/import\//, '')}:${s.start.line}:${s.start.column}` : '-';
  return `${d.severity} ${at} ${d.summary}`;
}
