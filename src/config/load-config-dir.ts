import type { File } from '../hcl/ast.js';
import { dedupeDiagnostics, errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { parseFile } from '../hcl/parse.js';
import { decodeConfig, type DecodeResult } from './decode-config.js';
import type { ConfigDecl } from './decl.js';
import type { DesiredState } from './desired-state.js';
import { readConfigDir, readVarFile } from './load-files.js';
import { cliVariable, envVariables, fileVariables } from './variable-sources.js';
import type { RawVariableValue } from './variables.js';

/** -var and -var-file in command-line order. */
export type OrderedVariableInput = { kind: 'var'; value: string } | { kind: 'var-file'; path: string };

export interface LoadOptions {
  vars: string[];
  varFiles: string[];
  env: Record<string, string | undefined>;
  /** When given, the -var / -var-file arguments interleaved as on the command line (overrides vars/varFiles). */
  ordered?: OrderedVariableInput[];
  /** Files read as if they were in the directory (import checks its output together with the configuration). */
  extraFiles?: { path: string; text: string }[];
}

export interface LoadResult {
  desired: DesiredState | null;
  diagnostics: Diagnostic[];
  /** Every file read, for diagnostic snippets. */
  sources: Map<string, string>;
  /** The declarations behind `desired`. */
  decl?: ConfigDecl;
  /** var.* and local.* as evaluated (also when the rest of the configuration has errors). */
  scope?: DecodeResult['scope'];
}

/**
 * Reads and decodes a configuration directory. Variable precedence, later wins: defaults <
 * LVSPLAN_VAR_* < lvsplan.lvsvars < *.auto.lvsvars (lexical) < -var / -var-file in command-line order.
 */
export function loadConfigDir(dir: string, opts: LoadOptions): LoadResult {
  const diags: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const parse = (p: { path: string; text: string }): File => {
    sources.set(p.path, p.text);
    const r = parseFile(p.text, p.path);
    diags.push(...r.diagnostics);
    return r.file;
  };
  const dirFiles = readConfigDir(dir);
  if ('error' in dirFiles) return { desired: null, diagnostics: [errorDiag('Failed to read configuration', dirFiles.error, undefined)], sources };
  for (const s of dirFiles.problemSources) sources.set(s.path, s.text);
  diags.push(...dirFiles.problems);
  dirFiles.hcl.push(...(opts.extraFiles ?? []));
  if (dirFiles.hcl.length === 0 && dirFiles.problems.length === 0)
    return { desired: null, diagnostics: [errorDiag('No configuration files', `The directory ${dir} contains no .hcl files. Write the cluster in a file such as ${dir}/main.hcl.`, undefined)], sources };
  const files = dirFiles.hcl.map(parse);
  const values: RawVariableValue[] = [...envVariables(opts.env)];
  if (dirFiles.defaultVars) values.push(...fileVariables(parse(dirFiles.defaultVars), diags));
  for (const f of dirFiles.autoVars) values.push(...fileVariables(parse(f), diags));
  const ordered = opts.ordered ?? [
    ...opts.varFiles.map((path) => ({ kind: 'var-file' as const, path })),
    ...opts.vars.map((value) => ({ kind: 'var' as const, value })),
  ];
  for (const item of ordered) {
    if (item.kind === 'var') {
      const v = cliVariable(item.value, diags);
      if (v) values.push(v);
      continue;
    }
    const f = readVarFile(item.path);
    if ('diagnostic' in f) {
      diags.push(f.diagnostic);
      if (f.text !== undefined) sources.set(f.path, f.text);
    } else values.push(...fileVariables(parse(f), diags));
  }
  if (diags.some((d) => d.severity === 'error')) return { desired: null, diagnostics: diags, sources };
  const res = decodeConfig(files, { variables: values });
  return { desired: res.desired, diagnostics: dedupeDiagnostics([...diags, ...res.diagnostics]), sources, decl: res.decl, ...(res.scope ? { scope: res.scope } : {}) };
}
