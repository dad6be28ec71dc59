import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The only I/O of config: the directory's *.hcl files and *.lvsvars files, and explicit var files. */
export interface ConfigDirFiles {
  /** *.hcl files in lexical order, with paths as given (dir joined with the file name). */
  hcl: { path: string; text: string }[];
  /** lvsplan.lvsvars if present. */
  defaultVars: { path: string; text: string } | null;
  /** *.auto.lvsvars in lexical order. */
  autoVars: { path: string; text: string }[];
}

export function readConfigDir(dir: string): ConfigDirFiles | { error: string } {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    return { error: `cannot read the configuration directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  const read = (n: string) => ({ path: join(dir, n), text: readFileSync(join(dir, n), 'utf8') });
  return {
    hcl: names.filter((n) => n.endsWith('.hcl')).map(read),
    defaultVars: names.includes('lvsplan.lvsvars') ? read('lvsplan.lvsvars') : null,
    autoVars: names.filter((n) => n.endsWith('.auto.lvsvars')).map(read),
  };
}

export function readVarFile(path: string): { path: string; text: string } | { error: string } {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { error: `cannot read variables file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}
