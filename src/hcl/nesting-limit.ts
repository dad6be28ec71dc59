import { errorDiag, type Diagnostic } from './diagnostic.js';
import type { Locator } from './locator.js';
import { Tok, type TokenBuffer } from './token.js';

/**
 * The deepest nesting the parser accepts: brackets, parentheses, braces (objects and blocks), strings and
 * heredocs, template sequences, unary operators and conditionals (`? :`, whose branches nest), counted
 * together (so a template inside an interpolation is two levels). Deeper input is refused with a diagnostic before it
 * is parsed, so no stage (parser, evaluator, formatter) can run out of stack on it.
 */
export const MAX_NESTING = 1000;

/** A diagnostic at the first token that nests deeper than MAX_NESTING, or null. */
export function checkNesting(tokens: TokenBuffer, loc: Locator): Diagnostic | null {
  const type = tokens.type;
  let depth = 0;
  let unary = 0;
  // Conditionals still open (`c ? a : b` parses its branches recursively), per bracket level: an item
  // ends them at a comma, or at a newline where newlines end items (top level, blocks and objects).
  const pending: { opener: number; open: number }[] = [{ opener: Tok.OBrace, open: 0 }];
  let conditionals = 0;
  const endItem = (): void => {
    conditionals -= pending[pending.length - 1]!.open;
    pending[pending.length - 1]!.open = 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    switch (type[i]) {
      case Tok.OBrace: case Tok.OBrack: case Tok.OParen: case Tok.TemplateInterp: case Tok.TemplateControl:
      case Tok.OQuote: case Tok.OHeredoc:
        depth++;
        unary = 0;
        pending.push({ opener: type[i]!, open: 0 });
        break;
      case Tok.CBrace: case Tok.CBrack: case Tok.CParen: case Tok.TemplateSeqEnd:
      case Tok.CQuote: case Tok.CHeredoc:
        depth--;
        unary = 0;
        if (pending.length > 1) conditionals -= pending.pop()!.open;
        continue;
      case Tok.Bang: case Tok.Minus:
        unary++;
        break;
      case Tok.Question:
        unary = 0;
        pending[pending.length - 1]!.open++;
        conditionals++;
        break;
      case Tok.Comma:
        unary = 0;
        endItem();
        continue;
      case Tok.Newline: case Tok.CommentNewline:
        unary = 0;
        if (pending[pending.length - 1]!.opener === Tok.OBrace) endItem();
        continue;
      default:
        unary = 0;
        continue;
    }
    if (depth + unary + conditionals > MAX_NESTING) {
      return errorDiag(
        'Nesting too deep',
        `This is nested more than ${MAX_NESTING} levels deep (brackets, parentheses, braces, strings, template sequences, unary operators and ? : conditionals count). lvsplan refuses deeper nesting; flatten the expression, e.g. with locals.`,
        loc.range(tokens.start[i], tokens.end[i]),
      );
    }
  }
  return null;
}
