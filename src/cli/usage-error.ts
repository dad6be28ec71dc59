import type { CommanderError } from 'commander';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';

/** A command-line misuse, tagged with the command it concerns ("" = lvsplan itself) for the help hint. */
export class UsageError extends Error {
  constructor(
    readonly diagnostic: Diagnostic,
    readonly command: string,
  ) {
    super(diagnostic.summary);
  }
}

/** Commander writes flags as `--name <value>`; lvsplan's users type Terraform's `-name`. */
function terraformSpelling(text: string): string {
  return text.replace(/'--([a-z][a-z0-9-]*)(?: [<[][^>\]]*[>\]])?'/g, '-$1').replace(/(^|[\s'])--([a-z][a-z0-9-]*)/g, '$1-$2');
}

/** Turns commander's parse error into a boxed diagnostic. */
export function usageDiagnostic(err: CommanderError): Diagnostic {
  const [first = '', hint] = err.message.replace(/^error: /, '').split('\n');
  const suggestion = hint?.match(/^\(Did you mean (.*)\?\)$/);
  const didYouMean = suggestion ? `\n\nDid you mean ${terraformSpelling(suggestion[1]!)}?` : '';
  switch (err.code) {
    case 'commander.unknownCommand': {
      const name = /'(.*)'/.exec(first)?.[1] ?? first;
      return errorDiag('Unknown command', `lvsplan has no command named "${name}".${didYouMean}\n\nTo see all of lvsplan's commands, run:\n  lvsplan -help`);
    }
    case 'commander.excessArguments':
      return errorDiag('Too many command line arguments', `${capitalise(first.replace(/ for '.*?'/, ''))}${didYouMean}`);
    case 'commander.missingArgument':
      return errorDiag('Missing required argument', capitalise(first));
    case 'commander.invalidArgument': {
      const m = /^option '--([a-z-]+)[^']*' argument '.*' is invalid\. (.*)$/s.exec(first);
      if (m) return errorDiag(`Invalid value for -${m[1]}`, m[2]!);
      return errorDiag('Invalid command line argument', capitalise(terraformSpelling(first)));
    }
    case 'commander.unknownOption':
      return errorDiag('Failed to parse command-line flags', `Flag provided but not defined: ${terraformSpelling(/'(.*)'/.exec(first)?.[1] ?? first)}${didYouMean}`);
    default:
      return errorDiag('Failed to parse command-line flags', `${capitalise(terraformSpelling(first))}${didYouMean}`);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
