import { errorDiag, type Diagnostic } from '../diagnostic.js';
import type { Range } from '../range.js';
import { suggest } from '../suggest.js';

/** var.NAME or local.NAME where no variable or local of that name is declared; `declared` offers the nearest name. */
export function undeclaredReference(root: 'var' | 'local', name: string, declared: readonly string[], range: Range): Diagnostic {
  const near = suggest(name, declared);
  return root === 'var'
    ? errorDiag(
        'Reference to undeclared input variable',
        `An input variable with the name ${JSON.stringify(name)} has not been declared.${near} This variable can be declared with a variable ${JSON.stringify(name)} {} block.`,
        range,
      )
    : errorDiag('Reference to undeclared local value', `A local value with the name ${JSON.stringify(name)} has not been declared.${near} Declare it in a locals {} block.`, range);
}
