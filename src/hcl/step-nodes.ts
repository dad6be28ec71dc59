import type { Locator } from './locator.js';
import { SyntaxNode } from './syntax-node.js';

/** The steps of a traversal: its root variable, then `.name` and `[key]` steps. */
export type StepNode = RootStep | AttrStep | IndexStep;

export class RootStep extends SyntaxNode {
  readonly kind = 'Root';

  constructor(loc: Locator, start: number, end: number, readonly name: string) {
    super(loc, start, end);
  }
}

export class AttrStep extends SyntaxNode {
  readonly kind = 'Attr';

  constructor(loc: Locator, start: number, end: number, readonly name: string) {
    super(loc, start, end);
  }
}

export class IndexStep extends SyntaxNode {
  readonly kind = 'Index';

  constructor(loc: Locator, start: number, end: number, readonly key: string | number) {
    super(loc, start, end);
  }
}
