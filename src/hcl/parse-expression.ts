import type { BinaryOperator } from './ast.js';
import {
  BinaryOpNode, ConditionalNode, LiteralNode, ParenthesesNode, ScopeTraversalNode, UnaryOpNode, type ExprNode,
} from './expr-nodes.js';
import { finishFunctionCall } from './parse-call.js';
import { parseObjectCons, parseTupleCons } from './parse-collection.js';
import { parseTemplateExpr } from './parse-template.js';
import { parseTraversals } from './parse-traversal.js';
import type { Peeker } from './peeker.js';
import { RootStep } from './step-nodes.js';
import { Tok } from './token.js';

/** Binary operators by token type, with their precedence level (0 binds loosest; -1: not an operator). */
const OP_LEVEL = new Int8Array(64).fill(-1);
const OP_NAME: (BinaryOperator | undefined)[] = [];
const LEVELS: ReadonlyArray<ReadonlyArray<[number, BinaryOperator]>> = [
  [[Tok.Or, '||']],
  [[Tok.And, '&&']],
  [[Tok.EqualOp, '=='], [Tok.NotEqual, '!=']],
  [[Tok.GreaterThan, '>'], [Tok.GreaterThanEq, '>='], [Tok.LessThan, '<'], [Tok.LessThanEq, '<=']],
  [[Tok.Plus, '+'], [Tok.Minus, '-']],
  [[Tok.Star, '*'], [Tok.Slash, '/'], [Tok.Percent, '%']],
];
LEVELS.forEach((ops, level) => {
  for (const [tok, name] of ops) {
    OP_LEVEL[tok] = level;
    OP_NAME[tok] = name;
  }
});

const NUMBER_RE = /^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$/;

/** A null literal standing in for an expression that could not be parsed. */
export function placeholder(p: Peeker, start: number, end: number): LiteralNode {
  return new LiteralNode(p.loc, start, end, null);
}

export function hasNewErrors(p: Peeker, before: number): boolean {
  return p.diags.length > before;
}

export function parseExpression(p: Peeker): ExprNode {
  const startTok = p.peek();
  const before = p.diags.length;
  const cond = parseOperand(p, 0);
  if (p.recovery && hasNewErrors(p, before)) return cond;
  if (p.peekType() !== Tok.Question) return cond;
  p.read();
  const beforeTrue = p.diags.length;
  const trueResult = parseExpression(p);
  if (p.recovery && hasNewErrors(p, beforeTrue)) return cond;
  const colon = p.peek();
  if (p.type(colon) !== Tok.Colon) {
    p.error('Missing false expression in conditional',
      'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
      p.range(colon), p.between(p.range(startTok), p.range(colon)));
    return cond;
  }
  p.read();
  const beforeFalse = p.diags.length;
  const falseResult = parseExpression(p);
  if (p.recovery && hasNewErrors(p, beforeFalse)) return cond;
  return new ConditionalNode(p.loc, p.tstart(startTok), falseResult.end, cond, trueResult, falseResult);
}

/**
 * The operators of `level` and tighter with their operands (hclsyntax parseBinaryOps). The first term is
 * parsed here, and the levels are only walked when an operator of one of them follows it.
 */
function parseOperand(p: Peeker, level: number): ExprNode {
  const before = p.diags.length;
  const term = parseExpressionWithTraversals(p);
  return OP_LEVEL[p.peekType()] >= level ? parseBinaryOps(p, level, term, before) : term;
}

/** One precedence level, left-associative; `first` is its first term, parsed when the diagnostics numbered `before`. */
function parseBinaryOps(p: Peeker, level: number, first: ExprNode, before: number): ExprNode {
  if (level === LEVELS.length) return first;
  let lhs = parseBinaryOps(p, level + 1, first, before);
  if (p.recovery && hasNewErrors(p, before)) return lhs;
  let op: BinaryOperator | undefined;
  let rhs: ExprNode | undefined;
  for (;;) {
    const ty = p.peekType();
    if (OP_LEVEL[ty] !== level) break;
    if (op !== undefined && rhs !== undefined) lhs = new BinaryOpNode(p.loc, lhs.start, rhs.end, op, lhs, rhs);
    op = OP_NAME[ty];
    p.read();
    const beforeRhs = p.diags.length;
    rhs = parseOperand(p, level + 1);
    if (p.recovery && hasNewErrors(p, beforeRhs)) return lhs;
  }
  if (op === undefined || rhs === undefined) return lhs;
  return new BinaryOpNode(p.loc, lhs.start, rhs.end, op, lhs, rhs);
}

export function parseExpressionWithTraversals(p: Peeker): ExprNode {
  return parseTraversals(p, parseTerm(p));
}

/** The value of a number token of at most 15 decimal digits (exact as a double), else -1. */
function smallInteger(src: string, s: number, e: number): number {
  if (e - s > 15) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = src.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

export function numberValue(p: Peeker, tok: number): number {
  const small = smallInteger(p.src, p.tstart(tok), p.tend(tok));
  if (small >= 0) return small;
  const text = p.text(tok);
  if (!NUMBER_RE.test(text)) {
    p.error('Invalid number literal', 'Failed to recognize the value of this number literal.', p.range(tok));
    return 0;
  }
  return Number(text);
}

function parseTerm(p: Peeker): ExprNode {
  const start = p.peek();
  switch (p.type(start)) {
    case Tok.OParen:
      return parseParentheses(p);
    case Tok.NumberLit: {
      p.read();
      return new LiteralNode(p.loc, p.tstart(start), p.tend(start), numberValue(p, start));
    }
    case Tok.Ident: {
      p.read();
      const nt = p.peekType();
      if (nt === Tok.OParen || nt === Tok.DoubleColon) return finishFunctionCall(p, start);
      const name = p.text(start);
      const s = p.tstart(start);
      const e = p.tend(start);
      if (name === 'true') return new LiteralNode(p.loc, s, e, true);
      if (name === 'false') return new LiteralNode(p.loc, s, e, false);
      if (name === 'null') return new LiteralNode(p.loc, s, e, null);
      return new ScopeTraversalNode(p.loc, s, e, [new RootStep(p.loc, s, e, name)]);
    }
    case Tok.OQuote:
    case Tok.OHeredoc:
      return parseTemplateExpr(p);
    case Tok.Minus:
    case Tok.Bang: {
      p.read();
      const operand = parseExpressionWithTraversals(p);
      const op = p.type(start) === Tok.Minus ? '-' : '!';
      return new UnaryOpNode(p.loc, p.tstart(start), operand.end, op, operand, p.tend(start));
    }
    case Tok.OBrack:
      return parseTupleCons(p);
    case Tok.OBrace:
      return parseObjectCons(p);
    default:
      if (!p.recovery) {
        if (p.type(start) === Tok.EOF) {
          p.error('Missing expression', 'Expected the start of an expression, but found the end of the file.', p.range(start));
        } else {
          p.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', p.range(start));
        }
      }
      p.recovery = true;
      return placeholder(p, p.tstart(start), p.tend(start));
  }
}

function parseParentheses(p: Peeker): ExprNode {
  const oParen = p.read();
  p.pushNewlines(false);
  const before = p.diags.length;
  const expr = parseExpression(p);
  if (hasNewErrors(p, before)) {
    p.recover(Tok.CParen);
    p.popNewlines();
    return expr;
  }
  const close = p.peek();
  if (p.type(close) !== Tok.CParen) {
    p.error('Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.',
      p.range(close), p.between(p.range(oParen), p.range(close)));
    p.recovery = true;
  }
  const cParen = p.read();
  p.popNewlines();
  return new ParenthesesNode(p.loc, p.tstart(oParen), p.tend(cParen), expr);
}
