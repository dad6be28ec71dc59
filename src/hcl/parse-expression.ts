import type {
  AnonSymbolExpr, BinaryOperator, Expression, ForExpr, FunctionCallExpr, LiteralValueExpr, ObjectConsItem,
  Traverser,
} from './ast.js';
import { parseTemplateExpr } from './parse-template.js';
import type { Peeker } from './peeker.js';
import type { Range } from './range.js';
import { Tok } from './token.js';

const LEVELS: ReadonlyArray<Readonly<Record<number, BinaryOperator>>> = [
  { [Tok.Or]: '||' },
  { [Tok.And]: '&&' },
  { [Tok.EqualOp]: '==', [Tok.NotEqual]: '!=' },
  { [Tok.GreaterThan]: '>', [Tok.GreaterThanEq]: '>=', [Tok.LessThan]: '<', [Tok.LessThanEq]: '<=' },
  { [Tok.Plus]: '+', [Tok.Minus]: '-' },
  { [Tok.Star]: '*', [Tok.Slash]: '/', [Tok.Percent]: '%' },
];

const NUMBER_RE = /^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$/;

export function placeholder(range: Range): LiteralValueExpr {
  return { kind: 'LiteralValue', value: null, range };
}

function hasNewErrors(p: Peeker, before: number): boolean {
  return p.diags.length > before;
}

export function parseExpression(p: Peeker): Expression {
  const startTok = p.peek();
  const before = p.diags.length;
  const cond = parseBinaryOps(p, 0);
  if (p.recovery && hasNewErrors(p, before)) return cond;
  if (p.peekType() !== Tok.Question) return cond;
  p.read();
  const startRange = p.range(startTok);
  const beforeTrue = p.diags.length;
  const trueResult = parseExpression(p);
  if (p.recovery && hasNewErrors(p, beforeTrue)) return cond;
  const colon = p.peek();
  if (p.type(colon) !== Tok.Colon) {
    p.error('Missing false expression in conditional',
      'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
      p.range(colon), p.between(startRange, p.range(colon)));
    return cond;
  }
  p.read();
  const beforeFalse = p.diags.length;
  const falseResult = parseExpression(p);
  if (p.recovery && hasNewErrors(p, beforeFalse)) return cond;
  return { kind: 'Conditional', condition: cond, trueResult, falseResult, range: p.between(startRange, falseResult.range) };
}

function parseBinaryOps(p: Peeker, level: number): Expression {
  if (level === LEVELS.length) return parseExpressionWithTraversals(p);
  const ops = LEVELS[level];
  const before = p.diags.length;
  let lhs = parseBinaryOps(p, level + 1);
  if (p.recovery && hasNewErrors(p, before)) return lhs;
  let op: BinaryOperator | undefined;
  let rhs: Expression | undefined;
  for (;;) {
    const newOp = ops[p.peekType()];
    if (newOp === undefined) break;
    if (op !== undefined && rhs !== undefined) {
      lhs = { kind: 'BinaryOp', op, lhs, rhs, range: p.between(lhs.range, rhs.range) };
    }
    op = newOp;
    p.read();
    const beforeRhs = p.diags.length;
    rhs = parseBinaryOps(p, level + 1);
    if (p.recovery && hasNewErrors(p, beforeRhs)) return lhs;
  }
  if (op === undefined || rhs === undefined) return lhs;
  return { kind: 'BinaryOp', op, lhs, rhs, range: p.between(lhs.range, rhs.range) };
}

export function parseExpressionWithTraversals(p: Peeker): Expression {
  return parseTraversals(p, parseTerm(p));
}

function appendStep(p: Peeker, expr: Expression, step: Traverser): Expression {
  if (expr.kind === 'ScopeTraversal' || expr.kind === 'RelativeTraversal') {
    expr.traversal.push(step);
    expr.range = p.between(expr.range, step.range);
    return expr;
  }
  return { kind: 'RelativeTraversal', source: expr, traversal: [step], range: p.between(expr.range, step.range) };
}

function legacyIndex(p: Peeker, num: number, dot: number): Traverser | null {
  const text = p.text(num);
  const dotIdx = text.indexOf('.');
  if (dotIdx >= 0) return null;
  return { kind: 'Index', key: numberValue(p, num), range: p.between(p.range(dot), p.range(num)) };
}

function parseTraversals(p: Peeker, from: Expression): Expression {
  let ret = from;
  for (;;) {
    const next = p.peek();
    if (p.type(next) === Tok.Dot) {
      const dot = p.read();
      const attrTok = p.peek();
      if (p.type(attrTok) === Tok.Ident) {
        p.read();
        ret = appendStep(p, ret, { kind: 'Attr', name: p.text(attrTok), range: p.between(p.range(dot), p.range(attrTok)) });
      } else if (p.type(attrTok) === Tok.NumberLit) {
        p.read();
        const step = legacyIndex(p, attrTok, dot);
        if (step === null) {
          const [first, second] = p.text(attrTok).split('.');
          p.error('Invalid legacy index syntax',
            `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${first}][${second}].`,
            p.range(attrTok));
          ret = appendStep(p, ret, { kind: 'Index', key: p.text(attrTok), range: p.between(p.range(dot), p.range(attrTok)) });
        } else {
          ret = appendStep(p, ret, step);
        }
      } else if (p.type(attrTok) === Tok.Star) {
        ret = finishAttrSplat(p, from, ret, dot);
      } else {
        p.error('Invalid attribute name', 'An attribute name is required after a dot.', p.range(attrTok));
        ret = placeholder(p.between(from.range, p.range(dot)));
        p.recovery = true;
      }
    } else if (p.type(next) === Tok.OBrack) {
      const open = p.read();
      if (p.peekType() === Tok.Star) {
        p.read();
        let close = p.read();
        if (p.type(close) !== Tok.CBrack && !p.recovery) {
          // HCL's diagnostic points at its `close` variable, which recovery then reassigns.
          close = p.recover(Tok.CBrack);
          p.error('Missing close bracket on splat index',
            'The star for a full splat operator must be immediately followed by a closing bracket ("]").', p.range(close));
        }
        const marker = p.between(p.range(open), p.range(close));
        const item: AnonSymbolExpr = { kind: 'AnonSymbol', range: marker };
        const each = parseTraversals(p, item);
        ret = { kind: 'Splat', source: ret, each, item, style: 'full', markerRange: marker, range: p.between(from.range, each.range) };
      } else {
        p.pushNewlines(false);
        const before = p.diags.length;
        const key = parseExpression(p);
        let close: number;
        if (p.recovery && hasNewErrors(p, before)) {
          close = p.recover(Tok.CBrack);
        } else {
          close = p.read();
          if (p.type(close) !== Tok.CBrack && !p.recovery) {
            close = p.recover(Tok.CBrack);
            p.error('Missing close bracket on index', 'The index operator must end with a closing bracket ("]").', p.range(close));
          }
        }
        p.popNewlines();
        const rng = p.between(p.range(open), p.range(close));
        if (key.kind === 'LiteralValue' && (typeof key.value === 'number' || typeof key.value === 'string')) {
          ret = appendStep(p, ret, { kind: 'Index', key: key.value, range: rng });
        } else {
          ret = { kind: 'Index', collection: ret, key, range: p.between(from.range, rng), bracketRange: rng };
        }
      }
    } else {
      return ret;
    }
  }
}

function finishAttrSplat(p: Peeker, from: Expression, source: Expression, dot: number): Expression {
  const marker = p.read();
  const trav: Traverser[] = [];
  const firstRange = p.nextRange();
  let lastRange = p.range(marker);
  while (p.peekType() === Tok.Dot) {
    const d = p.read();
    const t = p.peek();
    if (p.type(t) === Tok.NumberLit) {
      p.read();
      const step = legacyIndex(p, t, d);
      if (step === null) {
        const [first, second] = p.text(t).split('.');
        p.error('Invalid legacy index syntax',
          `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax with a full splat expression [*] instead, like [${first}][${second}].`,
          p.range(marker));
        trav.push({ kind: 'Index', key: p.text(t), range: p.between(p.range(d), p.range(t)) });
      } else {
        trav.push(step);
      }
      lastRange = p.range(t);
      continue;
    }
    if (p.type(t) !== Tok.Ident) {
      if (!p.recovery) {
        if (p.type(t) === Tok.Star) {
          p.error('Nested splat expression not allowed',
            'A splat expression (*) cannot be used inside another attribute-only splat expression.', p.range(t));
        } else {
          p.error('Invalid attribute name', 'An attribute name is required after a dot.', p.range(marker));
        }
      }
      p.recovery = true;
      break;
    }
    p.read();
    trav.push({ kind: 'Attr', name: p.text(t), range: p.between(p.range(d), p.range(t)) });
    lastRange = p.range(t);
  }
  const markerRange = p.between(p.range(dot), p.range(marker));
  const item: AnonSymbolExpr = { kind: 'AnonSymbol', range: markerRange };
  const each: Expression = trav.length === 0
    ? item
    : { kind: 'RelativeTraversal', source: item, traversal: trav, range: p.between(firstRange, lastRange) };
  return { kind: 'Splat', source, each, item, style: 'attr', markerRange, range: p.between(from.range, lastRange) };
}

function numberValue(p: Peeker, tok: number): number {
  const text = p.text(tok);
  if (!NUMBER_RE.test(text)) {
    p.error('Invalid number literal', 'Failed to recognize the value of this number literal.', p.range(tok));
    return 0;
  }
  return Number(text);
}

function parseTerm(p: Peeker): Expression {
  const start = p.peek();
  switch (p.type(start)) {
    case Tok.OParen: {
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
          p.range(close), p.between(p.range(start), p.range(close)));
        p.recovery = true;
      }
      const cParen = p.read();
      p.popNewlines();
      return { kind: 'Parentheses', expr, range: p.between(p.range(oParen), p.range(cParen)) };
    }
    case Tok.NumberLit: {
      p.read();
      return { kind: 'LiteralValue', value: numberValue(p, start), range: p.range(start) };
    }
    case Tok.Ident: {
      p.read();
      const nt = p.peekType();
      if (nt === Tok.OParen || nt === Tok.DoubleColon) return finishFunctionCall(p, start);
      const name = p.text(start);
      const range = p.range(start);
      if (name === 'true') return { kind: 'LiteralValue', value: true, range };
      if (name === 'false') return { kind: 'LiteralValue', value: false, range };
      if (name === 'null') return { kind: 'LiteralValue', value: null, range };
      return { kind: 'ScopeTraversal', traversal: [{ kind: 'Root', name, range }], range };
    }
    case Tok.OQuote:
    case Tok.OHeredoc:
      return parseTemplateExpr(p);
    case Tok.Minus:
    case Tok.Bang: {
      p.read();
      const operand = parseExpressionWithTraversals(p);
      const symbolRange = p.range(start);
      return {
        kind: 'UnaryOp', op: p.type(start) === Tok.Minus ? '-' : '!', operand, symbolRange,
        range: p.between(symbolRange, operand.range),
      };
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
      return placeholder(p.range(start));
  }
}

function finishFunctionCall(p: Peeker, name: number): Expression {
  let openTok = p.read();
  let nameStr = p.text(name);
  let nameRange = p.range(name);
  while (p.type(openTok) === Tok.DoubleColon) {
    const nextName = p.read();
    if (p.type(nextName) !== Tok.Ident) {
      p.error('Missing function name', 'Function scope resolution symbol :: must be followed by a function name in this scope.',
        p.range(nextName), p.between(p.range(name), p.range(nextName)));
      p.recoverOver(Tok.OParen);
      return placeholder(p.between(p.range(name), p.range(nextName)));
    }
    nameStr += '::' + p.text(nextName);
    nameRange = p.between(nameRange, p.range(nextName));
    openTok = p.read();
  }
  if (p.type(openTok) !== Tok.OParen) {
    p.error('Missing open parenthesis', 'Function selector must be followed by an open parenthesis to begin the function call.',
      p.range(openTok), p.between(p.range(name), p.range(openTok)));
    p.recoverOver(Tok.OParen);
    return placeholder(p.between(p.range(name), p.range(openTok)));
  }
  const args: Expression[] = [];
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
  const closeParenRange = p.range(closeTok);
  const call: FunctionCallExpr = {
    kind: 'FunctionCall', name: nameStr, args, expandFinal, nameRange, openParenRange: p.range(openTok),
    closeParenRange, range: p.between(nameRange, closeParenRange),
  };
  return call;
}

function parseTupleCons(p: Peeker): Expression {
  const open = p.read();
  p.pushNewlines(false);
  try {
    if (p.isKeyword(p.peek(), 'for')) return finishForExpr(p, open);
    const exprs: Expression[] = [];
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
    const openRange = p.range(open);
    return { kind: 'TupleCons', exprs, range: p.between(openRange, p.range(close)), openRange };
  } finally {
    p.popNewlines();
  }
}

const UNTERMINATED_OBJECT =
  'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';

function parseObjectCons(p: Peeker): Expression {
  const open = p.read();
  p.pushNewlines(false);
  const isFor = p.isKeyword(p.peek(), 'for');
  p.popNewlines();
  if (isFor) return finishForExpr(p, open);
  p.pushNewlines(true);
  const openRange = p.range(open);
  const items: ObjectConsItem[] = [];
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
        key = { kind: 'LiteralValue', value: key.traversal[0].kind === 'Root' ? key.traversal[0].name : '', range: key.range };
      }
      const sep = p.peek();
      if (p.type(sep) !== Tok.Equal && p.type(sep) !== Tok.Colon) {
        if (!p.recovery) {
          const ctx = p.between(openRange, p.range(sep));
          if (p.type(sep) === Tok.Newline || p.type(sep) === Tok.Comma) {
            p.error('Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").', p.range(sep), ctx);
          } else if (p.type(sep) === Tok.Ident) {
            p.error('Missing key/value separator',
              'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
              p.range(sep), ctx);
          } else if (p.type(sep) === Tok.EOF) {
            p.error('Unterminated object constructor expression', UNTERMINATED_OBJECT, openRange);
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
            p.error('Unterminated object constructor expression', UNTERMINATED_OBJECT, openRange);
          } else {
            p.error('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.',
              p.range(after), p.between(openRange, p.range(after)));
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
  return { kind: 'ObjectCons', items, range: p.between(openRange, p.range(close)), openRange };
}

function finishForExpr(p: Peeker, open: number): Expression {
  p.pushNewlines(false);
  try {
    p.read();
    const makeObj = p.type(open) === Tok.OBrace;
    const closeType = makeObj ? Tok.CBrace : Tok.CBrack;
    const openRange = p.range(open);
    const fail = (detail: string): Expression => {
      if (!p.recovery) {
        const t = p.peek();
        p.error("Invalid 'for' expression", detail, p.range(t), p.between(openRange, p.range(t)));
      }
      const close = p.recover(closeType);
      return placeholder(p.between(openRange, p.range(close)));
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
      return placeholder(p.between(openRange, p.range(close)));
    }
    if (p.peekType() !== Tok.Colon) return fail('For expression requires a colon after the collection expression.');
    p.read();
    const beforeVal = p.diags.length;
    let valueExpr = parseExpression(p);
    let keyExpr: Expression | null = null;
    if (p.peekType() === Tok.FatArrow) {
      p.read();
      keyExpr = valueExpr;
      valueExpr = parseExpression(p);
    }
    if (p.recovery && hasNewErrors(p, beforeVal)) {
      const close = p.recover(closeType);
      return placeholder(p.between(openRange, p.range(close)));
    }
    let group = false;
    let ellipsis: number = -1;
    if (p.peekType() === Tok.Ellipsis) {
      ellipsis = p.read();
      group = true;
    }
    let condition: Expression | null = null;
    if (p.isKeyword(p.peek(), 'if')) {
      p.read();
      const beforeCond = p.diags.length;
      condition = parseExpression(p);
      if (p.recovery && hasNewErrors(p, beforeCond)) {
        const close = p.recover(closeType);
        return placeholder(p.between(openRange, p.range(close)));
      }
    }
    let close: number;
    if (p.peekType() === closeType) {
      close = p.read();
    } else {
      if (!p.recovery) {
        const t = p.peek();
        p.error("Invalid 'for' expression", "Extra characters after the end of the 'for' expression.",
          p.range(t), p.between(openRange, p.range(t)));
      }
      close = p.recover(closeType);
    }
    const closeRange = p.range(close);
    const whole = p.between(openRange, closeRange);
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
    const expr: ForExpr = {
      kind: 'For', keyVar, valueVar, collection, keyExpr, valueExpr, condition, group, range: whole, openRange, closeRange,
    };
    return expr;
  } finally {
    p.popNewlines();
  }
}
