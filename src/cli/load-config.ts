import { loadConfigDir, type LoadResult } from '../config/index.js';
import type { CliIO } from './io.js';
import type { VariableInput } from './variable-inputs.js';

export function loadConfig(dir: string, variables: readonly VariableInput[], io: CliIO): LoadResult {
  return loadConfigDir(dir, { vars: [], varFiles: [], env: io.env, ordered: [...variables] });
}

const MISSING = 'No value for required variable';

/**
 * Loads the configuration; when input is allowed and standard input is a terminal, first asks for
 * each required variable that has no value, as Terraform does, and loads again with the answers.
 */
export async function loadConfigAsking(dir: string, variables: readonly VariableInput[], io: CliIO, input: boolean): Promise<LoadResult> {
  const loaded = loadConfig(dir, variables, io);
  if (!input || !io.stdinIsTTY) return loaded;
  const missing = loaded.diagnostics.filter((d) => d.summary === MISSING).map((d) => /"(.*?)"/.exec(d.detail ?? '')?.[1]);
  if (missing.length === 0) return loaded;
  const answers: VariableInput[] = [];
  for (const name of missing) {
    if (name === undefined) return loaded;
    io.stdout(`var.${name}\n  Enter a value: `);
    const line = await io.readLine();
    if (line === null) return loaded;
    io.stdout('\n');
    answers.push({ kind: 'var', value: `${name}=${line}` });
  }
  return loadConfig(dir, [...answers, ...variables], io);
}
