import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { quoted, type Located } from './located.js';

/** Narrows a string to one of the allowed words, or reports the allowed words. */
export function enumValue<T extends string>(v: Located<string> | null, allowed: readonly T[], what: string, diags: Diagnostic[]): Located<T> | null {
  if (!v) return null;
  if ((allowed as readonly string[]).includes(v.v)) return v as Located<T>;
  diags.push(errorDiag(`Invalid ${what}`, `${quoted(v)} is not a valid ${what}. Use one of: ${allowed.map((a) => JSON.stringify(a)).join(', ')}.`, v.r));
  return null;
}
