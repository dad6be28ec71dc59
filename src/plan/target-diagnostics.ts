import { errorDiag, warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { UnmatchedTarget } from './target.js';

/**
 * A -target that selects nothing is an error (a typo would otherwise plan "No changes" while changes
 * are pending); any -target brings Terraform's warning that the plan may be incomplete.
 */
export function targetDiagnostics(unmatched: readonly UnmatchedTarget[]): Diagnostic[] {
  const out = unmatched.map((u) =>
    errorDiag(
      'Target matches nothing',
      `The -target address ${JSON.stringify(u.target)} selects no resource of the configuration or of the hosts, so nothing would be planned for it.${
        u.didYouMean || ' Check the address with "lvsplan plan" (without -target).'
      }`,
    ),
  );
  out.push(TARGETING_IN_EFFECT);
  return out;
}

const TARGETING_IN_EFFECT = warningDiag(
  'Resource targeting is in effect',
  'You are creating a plan with the -target option, which means that the result of this plan may not represent all of the changes requested by the current configuration.\n\n' +
    'The -target option is not for routine use, and is provided only for exceptional situations such as recovering from errors or mistakes, or when lvsplan specifically suggests to use it as part of an error message.',
);
