import type { File } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { RawVariableValue } from './variables.js';

export const ENV_PREFIX = 'LVSPLAN_VAR_';

/** LVSPLAN_VAR_name=value environment entries (the lowest-precedence source after defaults). */
export function envVariables(env: Record<string, string | undefined>): RawVariableValue[] {
  const out: RawVariableValue[] = [];
  for (const k of Object.keys(env).sort())
    if (k.startsWith(ENV_PREFIX) && k.length > ENV_PREFIX.length && env[k] !== undefined)
      out.push({ name: k.slice(ENV_PREFIX.length), source: 'env', text: env[k] });
  return out;
}

/** A parsed .lvsvars file: name = expression assignments only. */
export function fileVariables(file: File, diags: Diagnostic[]): RawVariableValue[] {
  for (const b of file.body.blocks)
    diags.push(errorDiag('Unexpected block in variables file', 'A variables file holds only assignments: name = value.', b.typeRange));
  return file.body.attributes.map((a) => ({ name: a.name, source: 'file', expr: a.expr, range: a.nameRange }));
}

/** One -var 'name=value' argument. */
export function cliVariable(arg: string, diags: Diagnostic[]): RawVariableValue | null {
  const eq = arg.indexOf('=');
  if (eq <= 0) {
    diags.push(errorDiag('Invalid -var option', `The given -var option ${JSON.stringify(arg)} is not correctly specified. Write a variable name and value separated by an equals sign: -var 'name=value'.`, undefined));
    return null;
  }
  return { name: arg.slice(0, eq).trim(), source: 'cli', text: arg.slice(eq + 1) };
}
