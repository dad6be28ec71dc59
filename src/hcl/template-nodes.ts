import type { TemplateFor, TemplateIf, TemplateInterpolation, TemplateLiteral } from './ast.js';
import type { ExprNode } from './expr-nodes.js';
import type { Locator } from './locator.js';
import { nodeOfKind } from './syntax-node.js';

export type TemplatePartNode = TemplateLiteralNode | TemplateInterpolationNode | TemplateIfNode | TemplateForNode;

export class TemplateLiteralNode extends nodeOfKind('TemplateLiteral') implements TemplateLiteral {
  constructor(loc: Locator, start: number, end: number, readonly value: string) {
    super(loc, start, end);
  }
}

export class TemplateInterpolationNode extends nodeOfKind('TemplateInterpolation') implements TemplateInterpolation {
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

export class TemplateIfNode extends nodeOfKind('TemplateIf') implements TemplateIf {
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

export class TemplateForNode extends nodeOfKind('TemplateFor') implements TemplateFor {
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
