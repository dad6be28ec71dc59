import type { TemplateFor, TemplateIf, TemplateInterpolation, TemplateLiteral } from './ast.js';
import type { ExprNode } from './expr-nodes.js';
import type { Locator } from './locator.js';
import { setKind, SyntaxNode } from './syntax-node.js';

export type TemplatePartNode = TemplateLiteralNode | TemplateInterpolationNode | TemplateIfNode | TemplateForNode;

export class TemplateLiteralNode extends SyntaxNode implements TemplateLiteral {
  declare readonly kind: 'TemplateLiteral';
  static {
    setKind(this, 'TemplateLiteral');
  }

  constructor(loc: Locator, start: number, end: number, readonly value: string) {
    super(loc, start, end);
  }
}

export class TemplateInterpolationNode extends SyntaxNode implements TemplateInterpolation {
  declare readonly kind: 'TemplateInterpolation';
  static {
    setKind(this, 'TemplateInterpolation');
  }

  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly expr: ExprNode,
    readonly stripLeft: boolean,
    readonly stripRight: boolean,
  ) {
    super(loc, start, end);
  }
}

export class TemplateIfNode extends SyntaxNode implements TemplateIf {
  declare readonly kind: 'TemplateIf';
  static {
    setKind(this, 'TemplateIf');
  }
  readonly else: TemplatePartNode[] | null;

  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly condition: ExprNode,
    readonly then: TemplatePartNode[],
    elseParts: TemplatePartNode[] | null,
  ) {
    super(loc, start, end);
    this.else = elseParts;
  }
}

export class TemplateForNode extends SyntaxNode implements TemplateFor {
  declare readonly kind: 'TemplateFor';
  static {
    setKind(this, 'TemplateFor');
  }

  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly keyVar: string | null,
    readonly valueVar: string,
    readonly collection: ExprNode,
    readonly body: TemplatePartNode[],
  ) {
    super(loc, start, end);
  }
}
