import type { Attribute, Block, BlockLabel, Body } from './ast.js';
import type { ExprNode } from './expr-nodes.js';
import type { Locator } from './locator.js';
import type { Range } from './range.js';
import { SyntaxNode } from './syntax-node.js';

export class BodyNode extends SyntaxNode implements Body {
  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly attributes: AttributeNode[],
    readonly blocks: BlockNode[],
    readonly items: (AttributeNode | BlockNode)[],
  ) {
    super(loc, start, end);
  }
}

/** Spans from the name to the end of the value expression. */
export class AttributeNode extends SyntaxNode implements Attribute {
  readonly kind = 'Attribute';

  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly name: string,
    readonly expr: ExprNode,
    readonly nameEnd: number,
    readonly equalsStart: number,
    readonly equalsEnd: number,
  ) {
    super(loc, start, end);
  }

  get nameRange(): Range {
    return this.span(this.start, this.nameEnd);
  }

  get equalsRange(): Range {
    return this.span(this.equalsStart, this.equalsEnd);
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

/** Spans from the type name to the closing brace; the closing brace's span is closeStart..end. */
export class BlockNode extends SyntaxNode implements Block {
  readonly kind = 'Block';

  constructor(
    loc: Locator,
    start: number,
    end: number,
    readonly type: string,
    readonly labels: LabelNode[],
    readonly body: BodyNode,
    readonly typeEnd: number,
    readonly openStart: number,
    readonly openEnd: number,
    readonly closeStart: number,
  ) {
    super(loc, start, end);
  }

  get typeRange(): Range {
    return this.span(this.start, this.typeEnd);
  }

  get openBraceRange(): Range {
    return this.span(this.openStart, this.openEnd);
  }

  get closeBraceRange(): Range {
    return this.span(this.closeStart, this.end);
  }
}
