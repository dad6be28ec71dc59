import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Located } from './located.js';
import { describeBadChars } from './patterns.js';

/** Refuses a value that does not match a strict pattern, saying why and what is allowed. */
export function checkShape(value: Located<string>, pattern: RegExp, what: string, diags: Diagnostic[]): boolean {
  if (pattern.test(value.v)) return true;
  diags.push(
    errorDiag(
      `Invalid ${what}`,
      `${JSON.stringify(value.v)} is not a valid ${what}: ${describeBadChars(value.v)}. Use only letters, digits and . _ - (not leading -).`,
      value.r,
    ),
  );
  return false;
}
