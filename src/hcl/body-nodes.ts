import type { Attribute, Block, BlockLabel, Body } from './ast.js';
import type { ExprNode } from './expr-nodes.js';
import type { Locator } from './locator.js';
import type { Range } from './range.js';
import { nodeOfKind, SyntaxNode } from './syntax-node.js';

export class BodyNode extends SyntaxNode implements Body {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly attributes: readonly AttributeNode[],
    readonly blocks: readonly BlockNode[],
    readonly items: readonly (AttributeNode | BlockNode)[],
  ) {
    super(loc, start, end);
  }
}

/** Spans from the name to the end of the value expression; the name and the "=" are tokens of their own. */
export class AttributeNode extends nodeOfKind('Attribute') implements Attribute {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly name: string,
    readonly expr: ExprNode,
    readonly equalsStart: number,
  ) {
    super(loc, start, end);
  }

  get nameRange(): Range {
    return this.span(this.start, this.start + this.name.length);
  }

  get equalsRange(): Range {
    return this.span(this.equalsStart, this.equalsStart + 1);
  }
}

export class LabelNode extends SyntaxNode implements BlockLabel {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly value: string,
    readonly quoted: boolean,
  ) {
    super(loc, start, end);
  }
}

/** Spans from the type name (a token of its own) to the closing brace, whose span is closeStart..end. */
export class BlockNode extends nodeOfKind('Block') implements Block {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly type: string,
    readonly labels: readonly LabelNode[],
    readonly body: BodyNode,
    readonly openStart: number,
    readonly openEnd: number,
    readonly closeStart: number,
  ) {
    super(loc, start, end);
  }

  get typeRange(): Range {
    return this.span(this.start, this.start + this.type.length);
  }

  get openBraceRange(): Range {
    return this.span(this.openStart, this.openEnd);
  }

  get closeBraceRange(): Range {
    return this.span(this.closeStart, this.end);
  }
}
