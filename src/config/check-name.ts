import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { NameRule } from '../model/names/name-rule.js';
import type { Located } from './located.js';

/** Refuses a name its rule refuses (the same rule the saved-plan checks and providers apply). */
export function checkName(value: Located<string>, rule: NameRule, diags: Diagnostic[], at = value.r): boolean {
  const why = rule.reason(value.v);
  if (why === null) return true;
  const what = rule.what;
  diags.push(errorDiag(`Invalid ${what}`, `${JSON.stringify(value.v)} is not a valid ${what}: ${why}. For example ${rule.example}.`, at));
  return false;
}
