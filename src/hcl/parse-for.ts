import { ForNode, type ExprNode } from './expr-nodes.js';
import { hasNewErrors, parseExpression, placeholder } from './parse-expression.js';
import type { Peeker } from './peeker.js';
import { Tok } from './token.js';

/** A for expression after its opening bracket or brace (hclsyntax finishParsingForExpr). */
export function finishForExpr(p: Peeker, open: number): ExprNode {
  p.pushNewlines(false);
  try {
    p.read();
    const makeObj = p.type(open) === Tok.OBrace;
    const closeType = makeObj ? Tok.CBrace : Tok.CBrack;
    const fail = (detail: string): ExprNode => {
      if (!p.recovery) {
        const t = p.peek();
        p.error("Invalid 'for' expression", detail, p.range(t), p.between(p.range(open), p.range(t)));
      }
      const close = p.recover(closeType);
      return placeholder(p, p.tstart(open), p.tend(close));
    };
    if (p.peekType() !== Tok.Ident) return fail("For expression requires variable name after 'for'.");
    let valueVar = p.text(p.read());
    let keyVar: string | null = null;
    if (p.peekType() === Tok.Comma) {
      keyVar = valueVar;
      p.read();
      if (p.peekType() !== Tok.Ident) return fail('For expression requires value variable name after comma.');
      valueVar = p.text(p.read());
    }
    if (!p.isKeyword(p.peek(), 'in')) return fail("For expression requires the 'in' keyword after its name declarations.");
    p.read();
    const beforeColl = p.diags.length;
    const collection = parseExpression(p);
    if (p.recovery && hasNewErrors(p, beforeColl)) {
      const close = p.recover(closeType);
      return placeholder(p, p.tstart(open), p.tend(close));
    }
    if (p.peekType() !== Tok.Colon) return fail('For expression requires a colon after the collection expression.');
    p.read();
    const beforeVal = p.diags.length;
    let valueExpr = parseExpression(p);
    let keyExpr: ExprNode | null = null;
    if (p.peekType() === Tok.FatArrow) {
      p.read();
      keyExpr = valueExpr;
      valueExpr = parseExpression(p);
    }
    if (p.recovery && hasNewErrors(p, beforeVal)) {
      const close = p.recover(closeType);
      return placeholder(p, p.tstart(open), p.tend(close));
    }
    let group = false;
    let ellipsis: number = -1;
    if (p.peekType() === Tok.Ellipsis) {
      ellipsis = p.read();
      group = true;
    }
    let condition: ExprNode | null = null;
    if (p.isKeyword(p.peek(), 'if')) {
      p.read();
      const beforeCond = p.diags.length;
      condition = parseExpression(p);
      if (p.recovery && hasNewErrors(p, beforeCond)) {
        const close = p.recover(closeType);
        return placeholder(p, p.tstart(open), p.tend(close));
      }
    }
    let close: number;
    if (p.peekType() === closeType) {
      close = p.read();
    } else {
      if (!p.recovery) {
        const t = p.peek();
        p.error("Invalid 'for' expression", "Extra characters after the end of the 'for' expression.",
          p.range(t), p.between(p.range(open), p.range(t)));
      }
      close = p.recover(closeType);
    }
    const whole = p.span(open, close);
    if (!makeObj) {
      if (keyExpr !== null) {
        p.error("Invalid 'for' expression", 'Key expression is not valid when building a tuple.', keyExpr.range, whole);
      }
      if (group && ellipsis >= 0) {
        p.error("Invalid 'for' expression", 'Grouping ellipsis (...) cannot be used when building a tuple.', p.range(ellipsis), whole);
      }
    } else if (keyExpr === null) {
      p.error("Invalid 'for' expression", 'Key expression is required when building an object.', valueExpr.range, whole);
    }
    return new ForNode(
      p.loc, p.tstart(open), p.tend(close), keyVar, valueVar, collection, keyExpr, valueExpr, condition, group, p.tend(open), p.tstart(close),
    );
  } finally {
    p.popNewlines();
  }
}
