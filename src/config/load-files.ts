import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { isIgnoredFile, readSourceFile, type SourceRead } from './read-source.js';

/** The only I/O of config: the directory's *.hcl files and *.lvsvars files, and explicit var files. */
export interface ConfigDirFiles {
  /** *.hcl files in lexical order, with paths as given (dir joined with the file name). */
  hcl: { path: string; text: string }[];
  /** lvsplan.lvsvars if present. */
  defaultVars: { path: string; text: string } | null;
  /** *.auto.lvsvars in lexical order. */
  autoVars: { path: string; text: string }[];
  /** Files that could not be read: not regular files, dangling links, symlink loops, unreadable, not UTF-8. */
  problems: Diagnostic[];
  /** The text of files read but refused (invalid UTF-8), for the problems' source snippets. */
  problemSources: { path: string; text: string }[];
}

/**
 * Reads a configuration directory's files. Names starting with "." or "#" or ending in "~" (editor lock
 * and backup files) are left out; anything that is not a regular file is refused without being read.
 */
export function readConfigDir(dir: string): ConfigDirFiles | { error: string } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => !isIgnoredFile(n)).sort();
  } catch (e) {
    return { error: `cannot read the configuration directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  const problems: Diagnostic[] = [];
  const problemSources: { path: string; text: string }[] = [];
  const read = (n: string): { path: string; text: string } | null => {
    const r = readSourceFile(join(dir, n));
    if (!('diagnostic' in r)) return r;
    problems.push(r.diagnostic);
    if (r.text !== undefined) problemSources.push({ path: r.path, text: r.text });
    return null;
  };
  const readAll = (ns: string[]) => ns.map(read).filter((f): f is { path: string; text: string } => f !== null);
  return {
    hcl: readAll(names.filter((n) => n.endsWith('.hcl'))),
    defaultVars: names.includes('lvsplan.lvsvars') ? read('lvsplan.lvsvars') : null,
    autoVars: readAll(names.filter((n) => n.endsWith('.auto.lvsvars'))),
    problems,
    problemSources,
  };
}

export function readVarFile(path: string): SourceRead {
  return readSourceFile(path, path, 'Failed to read variables file');
}
