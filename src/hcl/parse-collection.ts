import { LiteralNode, ObjectConsNode, TupleConsNode, type ExprNode, type ObjectItemNode } from './expr-nodes.js';
import { hasNewErrors, parseExpression } from './parse-expression.js';
import { finishForExpr } from './parse-for.js';
import type { Peeker } from './peeker.js';
import { Tok } from './token.js';

export function parseTupleCons(p: Peeker): ExprNode {
  const open = p.read();
  p.pushNewlines(false);
  try {
    if (p.isKeyword(p.peek(), 'for')) return finishForExpr(p, open);
    const exprs: ExprNode[] = [];
    let close: number;
    for (;;) {
      if (p.peekType() === Tok.CBrack) {
        close = p.read();
        break;
      }
      const before = p.diags.length;
      exprs.push(parseExpression(p));
      if (p.recovery && hasNewErrors(p, before)) {
        close = p.recover(Tok.CBrack);
        break;
      }
      const next = p.peek();
      if (p.type(next) === Tok.CBrack) {
        close = p.read();
        break;
      }
      if (p.type(next) !== Tok.Comma) {
        if (!p.recovery) {
          if (p.type(next) === Tok.EOF) {
            p.error('Unterminated tuple constructor expression',
              'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
              p.range(open));
          } else {
            p.error('Missing item separator', 'Expected a comma to mark the beginning of the next item.',
              p.range(next), p.between(p.range(open), p.range(next)));
          }
        }
        close = p.recover(Tok.CBrack);
        break;
      }
      p.read();
    }
    return new TupleConsNode(p.loc, p.tstart(open), p.tend(close), exprs, p.tend(open));
  } finally {
    p.popNewlines();
  }
}

const UNTERMINATED_OBJECT =
  'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';

export function parseObjectCons(p: Peeker): ExprNode {
  const open = p.read();
  p.pushNewlines(false);
  const isFor = p.isKeyword(p.peek(), 'for');
  p.popNewlines();
  if (isFor) return finishForExpr(p, open);
  p.pushNewlines(true);
  const items: ObjectItemNode[] = [];
  let close: number;
  try {
    for (;;) {
      const next = p.peek();
      if (p.type(next) === Tok.Newline) {
        p.read();
        continue;
      }
      if (p.type(next) === Tok.CBrace) {
        close = p.read();
        break;
      }
      const forceNonLiteral = p.type(next) === Tok.OParen;
      const before = p.diags.length;
      let key = parseExpression(p);
      if (p.recovery && hasNewErrors(p, before)) {
        close = p.recover(Tok.CBrace);
        break;
      }
      let bareKey = false;
      if (!forceNonLiteral && key.kind === 'ScopeTraversal' && key.traversal.length === 1) {
        bareKey = true;
        key = new LiteralNode(p.loc, key.start, key.end, key.traversal[0].kind === 'Root' ? key.traversal[0].name : '');
      }
      const sep = p.peek();
      if (p.type(sep) !== Tok.Equal && p.type(sep) !== Tok.Colon) {
        if (!p.recovery) {
          const ctx = p.between(p.range(open), p.range(sep));
          if (p.type(sep) === Tok.Newline || p.type(sep) === Tok.Comma) {
            p.error('Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").', p.range(sep), ctx);
          } else if (p.type(sep) === Tok.Ident) {
            p.error('Missing key/value separator',
              'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
              p.range(sep), ctx);
          } else if (p.type(sep) === Tok.EOF) {
            p.error('Unterminated object constructor expression', UNTERMINATED_OBJECT, p.range(open));
          } else {
            p.error('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.', p.range(sep), ctx);
          }
        }
        close = p.recover(Tok.CBrace);
        break;
      }
      p.read();
      const beforeValue = p.diags.length;
      const valueExpr = parseExpression(p);
      if (p.recovery && hasNewErrors(p, beforeValue)) {
        close = p.recover(Tok.CBrace);
        break;
      }
      items.push({ keyExpr: key, bareKey, valueExpr });
      const after = p.peek();
      if (p.type(after) === Tok.CBrace) {
        close = p.read();
        break;
      }
      if (p.type(after) !== Tok.Comma && p.type(after) !== Tok.Newline) {
        if (!p.recovery) {
          if (p.type(after) === Tok.EOF) {
            p.error('Unterminated object constructor expression', UNTERMINATED_OBJECT, p.range(open));
          } else {
            p.error('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.',
              p.range(after), p.between(p.range(open), p.range(after)));
          }
        }
        close = p.recover(Tok.CBrace);
        break;
      }
      p.read();
    }
  } finally {
    p.popNewlines();
  }
  return new ObjectConsNode(p.loc, p.tstart(open), p.tend(close), items, p.tend(open));
}
