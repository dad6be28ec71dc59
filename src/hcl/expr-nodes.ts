import type {
  AnonSymbolExpr, BinaryOperator, BinaryOpExpr, ConditionalExpr, ForExpr, FunctionCallExpr, IndexExpr,
  LiteralValueExpr, ObjectConsExpr, ParenthesesExpr, RelativeTraversalExpr, ScopeTraversalExpr, SplatExpr,
  TemplateExpr, TemplateWrapExpr, TupleConsExpr, UnaryOpExpr,
} from './ast.js';
import type { Locator } from './locator.js';
import type { Range } from './range.js';
import type { StepNode } from './step-nodes.js';
import { nodeOfKind } from './syntax-node.js';
import type { TemplatePartNode } from './template-nodes.js';

export type ExprNode =
  | LiteralNode | TemplateNode | TemplateWrapNode | ScopeTraversalNode | RelativeTraversalNode | FunctionCallNode
  | ConditionalNode | BinaryOpNode | UnaryOpNode | TupleConsNode | ObjectConsNode | ForNode | SplatNode
  | AnonSymbolNode | IndexNode | ParenthesesNode;

export interface ObjectItemNode {
  keyExpr: ExprNode;
  bareKey: boolean;
  valueExpr: ExprNode;
}

export class LiteralNode extends nodeOfKind('LiteralValue') implements LiteralValueExpr {
  constructor(loc: Locator, start: number, end: number, readonly value: null | boolean | number | string) {
    super(loc, start, end);
  }
}

export class TemplateNode extends nodeOfKind('Template') implements TemplateExpr {
  constructor(loc: Locator, start: number, end: number, readonly parts: TemplatePartNode[], readonly heredoc: boolean) {
    super(loc, start, end);
  }
}

export class TemplateWrapNode extends nodeOfKind('TemplateWrap') implements TemplateWrapExpr {
  constructor(loc: Locator, start: number, end: number, readonly wrapped: ExprNode) {
    super(loc, start, end);
  }
}

/** The parser extends `end` as it appends steps to `traversal`. */
export class ScopeTraversalNode extends nodeOfKind('ScopeTraversal') implements ScopeTraversalExpr {
  constructor(loc: Locator, start: number, end: number, readonly traversal: StepNode[]) {
    super(loc, start, end);
  }
}

export class RelativeTraversalNode extends nodeOfKind('RelativeTraversal') implements RelativeTraversalExpr {
  constructor(loc: Locator, start: number, end: number, readonly source: ExprNode, readonly traversal: StepNode[]) {
    super(loc, start, end);
  }
}

export class IndexNode extends nodeOfKind('Index') implements IndexExpr {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly collection: ExprNode,
    readonly key: ExprNode,
    readonly bracketStart: number,
  ) {
    super(loc, start, end);
  }

  /** From the opening bracket to the closing one, which ends the expression. */
  get bracketRange(): Range {
    return this.span(this.bracketStart, this.end);
  }
}

/** Spans from the (possibly namespaced) name to the closing parenthesis. */
export class FunctionCallNode extends nodeOfKind('FunctionCall') implements FunctionCallExpr {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly name: string,
    readonly args: ExprNode[],
    readonly expandFinal: boolean,
    readonly nameEnd: number,
    readonly openStart: number,
    readonly openEnd: number,
    readonly closeStart: number,
  ) {
    super(loc, start, end);
  }

  get nameRange(): Range {
    return this.span(this.start, this.nameEnd);
  }

  get openParenRange(): Range {
    return this.span(this.openStart, this.openEnd);
  }

  get closeParenRange(): Range {
    return this.span(this.closeStart, this.end);
  }
}

export class ConditionalNode extends nodeOfKind('Conditional') implements ConditionalExpr {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly condition: ExprNode,
    readonly trueResult: ExprNode,
    readonly falseResult: ExprNode,
  ) {
    super(loc, start, end);
  }
}

export class BinaryOpNode extends nodeOfKind('BinaryOp') implements BinaryOpExpr {
  constructor(loc: Locator, start: number, end: number, readonly op: BinaryOperator, readonly lhs: ExprNode, readonly rhs: ExprNode) {
    super(loc, start, end);
  }
}

/** Spans from the operator symbol to the end of the operand. */
export class UnaryOpNode extends nodeOfKind('UnaryOp') implements UnaryOpExpr {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly op: '!' | '-',
    readonly operand: ExprNode,
    readonly symbolEnd: number,
  ) {
    super(loc, start, end);
  }

  get symbolRange(): Range {
    return this.span(this.start, this.symbolEnd);
  }
}

/** Spans from the opening bracket, which is start..openEnd, to the closing one. */
export class TupleConsNode extends nodeOfKind('TupleCons') implements TupleConsExpr {
  constructor(loc: Locator, start: number, end: number, readonly exprs: ExprNode[], readonly openEnd: number) {
    super(loc, start, end);
  }

  get openRange(): Range {
    return this.span(this.start, this.openEnd);
  }
}

export class ObjectConsNode extends nodeOfKind('ObjectCons') implements ObjectConsExpr {
  constructor(loc: Locator, start: number, end: number, readonly items: ObjectItemNode[], readonly openEnd: number) {
    super(loc, start, end);
  }

  get openRange(): Range {
    return this.span(this.start, this.openEnd);
  }
}

/** Spans from the opening bracket or brace (start..openEnd) to the closing one (closeStart..end). */
export class ForNode extends nodeOfKind('For') implements ForExpr {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly keyVar: string | null,
    readonly valueVar: string,
    readonly collection: ExprNode,
    readonly keyExpr: ExprNode | null,
    readonly valueExpr: ExprNode,
    readonly condition: ExprNode | null,
    readonly group: boolean,
    readonly openEnd: number,
    readonly closeStart: number,
  ) {
    super(loc, start, end);
  }

  get openRange(): Range {
    return this.span(this.start, this.openEnd);
  }

  get closeRange(): Range {
    return this.span(this.closeStart, this.end);
  }
}

export class SplatNode extends nodeOfKind('Splat') implements SplatExpr {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly source: ExprNode,
    readonly each: ExprNode,
    readonly item: AnonSymbolNode,
    readonly style: 'attr' | 'full',
  ) {
    super(loc, start, end);
  }

  /** The splat marker (`.*` or `[*]`) is where its placeholder stands. */
  get markerRange(): Range {
    return this.item.range;
  }
}

export class AnonSymbolNode extends nodeOfKind('AnonSymbol') implements AnonSymbolExpr {
}

export class ParenthesesNode extends nodeOfKind('Parentheses') implements ParenthesesExpr {
  constructor(loc: Locator, start: number, end: number, readonly expr: ExprNode) {
    super(loc, start, end);
  }
}
