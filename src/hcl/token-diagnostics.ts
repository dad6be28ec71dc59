import type { Diagnostic } from './diagnostic.js';
import type { Locator } from './locator.js';
import { Tok, type TokenBuffer } from './token.js';

/** Diagnostics for tokens that are never valid (hclsyntax checkInvalidTokens), in token order. */
export function checkInvalidTokens(tokens: TokenBuffer, src: string, loc: Locator): Diagnostic[] {
  const diags: Diagnostic[] = [];
  if (!tokens.hasNeverValid) return diags;
  let toldBitwise = 0;
  let toldBacktick = 0;
  let toldApostrophe = 0;
  let toldSemicolon = 0;
  const add = (t: number, summary: string, detail: string) =>
    diags.push({ severity: 'error', summary, detail, subject: loc.range(tokens.start[t], tokens.end[t]) });
  for (let t = 0; t < tokens.length; t++) {
    const type = tokens.type[t];
    if (type < Tok.BitwiseAnd || type > Tok.QuotedNewline) continue;
    switch (type) {
      case Tok.BitwiseAnd:
      case Tok.BitwiseOr:
      case Tok.BitwiseXor:
      case Tok.BitwiseNot:
        if (toldBitwise < 4) {
          const suggestion =
            type === Tok.BitwiseAnd ? ' Did you mean boolean AND ("&&")?'
            : type === Tok.BitwiseOr ? ' Did you mean boolean OR ("||")?'
            : type === Tok.BitwiseNot ? ' Did you mean boolean NOT ("!")?' : '';
          add(t, 'Unsupported operator', `Bitwise operators are not supported.${suggestion}`);
          toldBitwise++;
        }
        break;
      case Tok.Backtick:
        if (toldBacktick % 2 === 0) {
          add(t, 'Invalid character', 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".');
        }
        if (toldBacktick <= 2) toldBacktick++;
        break;
      case Tok.Apostrophe:
        if (toldApostrophe % 2 === 0) {
          add(t, 'Invalid character', 'Single quotes are not valid. Use double quotes (") to enclose strings.');
        }
        if (toldApostrophe <= 2) toldApostrophe++;
        break;
      case Tok.Semicolon:
        if (toldSemicolon < 1) {
          add(t, 'Invalid character',
            'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.');
          toldSemicolon++;
        }
        break;
      case Tok.QuotedNewline:
        add(t, 'Invalid multi-line string',
          'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.');
        break;
      case Tok.Invalid: {
        const chars = src.slice(tokens.start[t], tokens.end[t]);
        if (chars === '\u201c' || chars === '\u201d') {
          add(t, 'Invalid character',
            '"Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".');
        } else {
          add(t, 'Invalid character', 'This character is not used within the language.');
        }
        break;
      }
    }
  }
  return diags;
}
