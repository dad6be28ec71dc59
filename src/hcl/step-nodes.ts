import type { Locator } from './locator.js';
import { setKind, SyntaxNode } from './syntax-node.js';

/** The steps of a traversal: its root variable, then `.name` and `[key]` steps. */
export type StepNode = RootStep | AttrStep | IndexStep;

export class RootStep extends SyntaxNode {
  declare readonly kind: 'Root';
  static {
    setKind(this, 'Root');
  }

  constructor(loc: Locator, start: number, end: number, readonly name: string) {
    super(loc, start, end);
  }
}

export class AttrStep extends SyntaxNode {
  declare readonly kind: 'Attr';
  static {
    setKind(this, 'Attr');
  }

  constructor(loc: Locator, start: number, end: number, readonly name: string) {
    super(loc, start, end);
  }
}

export class IndexStep extends SyntaxNode {
  declare readonly kind: 'Index';
  static {
    setKind(this, 'Index');
  }

  constructor(loc: Locator, start: number, end: number, readonly key: string | number) {
    super(loc, start, end);
  }
}
