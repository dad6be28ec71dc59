import { Tok } from '../token.js';
import { bracketChange } from './fmt-tokens.js';

const T = Tok;

/** After these, a "-" is a negation (no space after it) rather than a subtraction. */
const NEGATION_CONTEXT = new Set<number>([
  T.Nil, T.OParen, T.OBrace, T.OBrack, T.Equal, T.Colon, T.Comma, T.Question,
  T.Plus, T.Star, T.Slash, T.Percent, T.Minus,
  T.EqualOp, T.NotEqual, T.GreaterThan, T.GreaterThanEq, T.LessThan, T.LessThanEq,
  T.And, T.Or, T.Bang,
]);

/**
 * Whether one space goes between `subject` and the `after` token on the same line (hclwrite's
 * spaceAfterToken); `before` is the token before the subject in its cell, or Tok.Nil.
 * `subjectIsIn` says the subject is the identifier "in".
 */
export function spaceAfter(subject: number, before: number, after: number, subjectIsIn: boolean): boolean {
  if (after === T.Newline || after === T.Nil) return false;
  if (subject === T.Ident && after === T.OParen) return false;
  if ((subject === T.Ident && after === T.DoubleColon) || (subject === T.DoubleColon && after === T.Ident)) return false;
  if (subject === T.Dot || after === T.Dot) return false;
  if (after === T.Comma || after === T.Ellipsis) return false;
  if (subject === T.Comma) return true;
  if (
    subject === T.QuotedLit || subject === T.StringLit || subject === T.OQuote || subject === T.OHeredoc ||
    after === T.QuotedLit || after === T.StringLit || after === T.CQuote || after === T.CHeredoc
  ) return false;
  if (subjectIsIn && before === T.Ident) return true;
  if (after === T.OBrack && (subject === T.Ident || subject === T.NumberLit || bracketChange(subject) < 0)) return false;
  if (subject === T.Bang) return false;
  if (subject === T.Minus) return !NEGATION_CONTEXT.has(before);
  if (subject === T.OBrace || after === T.CBrace) return !(subject === T.OBrace && after === T.CBrace);
  if ((subject === T.TemplateInterp || subject === T.TemplateControl) && after === T.OBrace) return true;
  if (subject === T.CBrace && after === T.TemplateSeqEnd) return true;
  if (subject === T.TemplateSeqEnd && (after === T.TemplateInterp || after === T.TemplateControl)) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}
