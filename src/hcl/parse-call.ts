import { FunctionCallNode, type ExprNode } from './expr-nodes.js';
import { hasNewErrors, parseExpression, placeholder } from './parse-expression.js';
import type { Peeker } from './peeker.js';
import { Tok } from './token.js';

/** A function call after its name (hclsyntax finishParsingFunctionCall); `name` may start a `ns::name` chain. */
export function finishFunctionCall(p: Peeker, name: number): ExprNode {
  let openTok = p.read();
  let nameStr = p.text(name);
  let nameEnd = p.tend(name);
  while (p.type(openTok) === Tok.DoubleColon) {
    const nextName = p.read();
    if (p.type(nextName) !== Tok.Ident) {
      p.error('Missing function name', 'Function scope resolution symbol :: must be followed by a function name in this scope.',
        p.range(nextName), p.between(p.range(name), p.range(nextName)));
      p.recoverOver(Tok.OParen);
      return placeholder(p, p.tstart(name), p.tend(nextName));
    }
    nameStr += '::' + p.text(nextName);
    nameEnd = p.tend(nextName);
    openTok = p.read();
  }
  if (p.type(openTok) !== Tok.OParen) {
    p.error('Missing open parenthesis', 'Function selector must be followed by an open parenthesis to begin the function call.',
      p.range(openTok), p.between(p.range(name), p.range(openTok)));
    p.recoverOver(Tok.OParen);
    return placeholder(p, p.tstart(name), p.tend(openTok));
  }
  const args: ExprNode[] = [];
  let expandFinal = false;
  let closeTok: number = -1;
  p.pushNewlines(false);
  for (;;) {
    if (p.peekType() === Tok.CParen) {
      closeTok = p.read();
      break;
    }
    const before = p.diags.length;
    const arg = parseExpression(p);
    args.push(arg);
    if (p.recovery && hasNewErrors(p, before)) {
      const rec = p.recover(Tok.CParen);
      closeTok = rec;
      break;
    }
    const sep = p.read();
    if (p.type(sep) === Tok.CParen) {
      closeTok = sep;
      break;
    }
    if (p.type(sep) === Tok.Ellipsis) {
      expandFinal = true;
      if (p.peekType() !== Tok.CParen) {
        if (!p.recovery) {
          p.error('Missing closing parenthesis',
            'An expanded function argument (with ...) must be immediately followed by closing parentheses.',
            p.range(sep), p.between(p.range(name), p.range(sep)));
        }
        closeTok = p.recover(Tok.CParen);
      } else {
        closeTok = p.read();
      }
      break;
    }
    if (p.type(sep) !== Tok.Comma) {
      if (p.type(sep) === Tok.EOF) {
        p.error('Unterminated function call',
          'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
          p.between(p.range(name), p.range(openTok)));
      } else {
        p.error('Missing argument separator', 'A comma is required to separate each function argument from the next.',
          p.range(sep), p.between(p.range(name), p.range(sep)));
      }
      closeTok = p.recover(Tok.CParen);
      break;
    }
    if (p.peekType() === Tok.CParen) {
      closeTok = p.read();
      break;
    }
  }
  p.popNewlines();
  return new FunctionCallNode(
    p.loc, p.tstart(name), p.tend(closeTok), nameStr, args, expandFinal, nameEnd, p.tstart(openTok), p.tend(openTok), p.tstart(closeTok),
  );
}
