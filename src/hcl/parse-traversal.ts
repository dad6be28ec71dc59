import {
  AnonSymbolNode, IndexNode, RelativeTraversalNode, SplatNode, type ExprNode,
} from './expr-nodes.js';
import { hasNewErrors, numberValue, parseExpression, placeholder } from './parse-expression.js';
import type { Peeker } from './peeker.js';
import { AttrStep, IndexStep, type StepNode } from './step-nodes.js';
import { Tok } from './token.js';

function appendStep(p: Peeker, expr: ExprNode, step: StepNode): ExprNode {
  if (expr.kind === 'ScopeTraversal' || expr.kind === 'RelativeTraversal') {
    expr.traversal.push(step);
    expr.end = step.end;
    return expr;
  }
  return new RelativeTraversalNode(p.loc, expr.start, step.end, expr, [step]);
}

/** `.0` after a dot: an index step, or null for `.1.2` (a number token with a dot in it). */
function legacyIndex(p: Peeker, num: number, dot: number): StepNode | null {
  if (p.text(num).indexOf('.') >= 0) return null;
  return new IndexStep(p.loc, p.tstart(dot), p.tend(num), numberValue(p, num));
}

/** Attribute, index and splat steps after a term (hclsyntax parseExpressionTraversals). */
export function parseTraversals(p: Peeker, from: ExprNode): ExprNode {
  let ret = from;
  for (;;) {
    const next = p.peek();
    if (p.type(next) === Tok.Dot) {
      const dot = p.read();
      const attrTok = p.peek();
      if (p.type(attrTok) === Tok.Ident) {
        p.read();
        ret = appendStep(p, ret, new AttrStep(p.loc, p.tstart(dot), p.tend(attrTok), p.text(attrTok)));
      } else if (p.type(attrTok) === Tok.NumberLit) {
        p.read();
        const step = legacyIndex(p, attrTok, dot);
        if (step === null) {
          const [first, second] = p.text(attrTok).split('.');
          p.error('Invalid legacy index syntax',
            `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${first}][${second}].`,
            p.range(attrTok));
          ret = appendStep(p, ret, new IndexStep(p.loc, p.tstart(dot), p.tend(attrTok), p.text(attrTok)));
        } else {
          ret = appendStep(p, ret, step);
        }
      } else if (p.type(attrTok) === Tok.Star) {
        ret = finishAttrSplat(p, from, ret, dot);
      } else {
        p.error('Invalid attribute name', 'An attribute name is required after a dot.', p.range(attrTok));
        ret = placeholder(p, from.start, p.tend(dot));
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
        const item = new AnonSymbolNode(p.loc, p.tstart(open), p.tend(close));
        const each = parseTraversals(p, item);
        ret = new SplatNode(p.loc, from.start, each.end, ret, each, item, 'full');
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
        if (key.kind === 'LiteralValue' && (typeof key.value === 'number' || typeof key.value === 'string')) {
          ret = appendStep(p, ret, new IndexStep(p.loc, p.tstart(open), p.tend(close), key.value));
        } else {
          ret = new IndexNode(p.loc, from.start, p.tend(close), ret, key, p.tstart(open));
        }
      }
    } else {
      return ret;
    }
  }
}

function finishAttrSplat(p: Peeker, from: ExprNode, source: ExprNode, dot: number): ExprNode {
  const marker = p.read();
  const trav: StepNode[] = [];
  const firstStart = p.tstart(p.peek());
  let lastEnd = p.tend(marker);
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
        trav.push(new IndexStep(p.loc, p.tstart(d), p.tend(t), p.text(t)));
      } else {
        trav.push(step);
      }
      lastEnd = p.tend(t);
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
    trav.push(new AttrStep(p.loc, p.tstart(d), p.tend(t), p.text(t)));
    lastEnd = p.tend(t);
  }
  const item = new AnonSymbolNode(p.loc, p.tstart(dot), p.tend(marker));
  const each: ExprNode = trav.length === 0 ? item : new RelativeTraversalNode(p.loc, firstStart, lastEnd, item, trav);
  return new SplatNode(p.loc, from.start, lastEnd, source, each, item, 'attr');
}
