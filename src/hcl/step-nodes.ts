import type { Locator } from './locator.js';
import { nodeOfKind } from './syntax-node.js';

/** The steps of a traversal: its root variable, then `.name` and `[key]` steps. */
export type StepNode = RootStep | AttrStep | IndexStep;

export class RootStep extends nodeOfKind('Root') {
  constructor(loc: Locator, start: number, end: number, readonly name: string) {
    super(loc, start, end);
  }
}

export class AttrStep extends nodeOfKind('Attr') {
  constructor(loc: Locator, start: number, end: number, readonly name: string) {
    super(loc, start, end);
  }
}

export class IndexStep extends nodeOfKind('Index') {
  constructor(loc: Locator, start: number, end: number, readonly key: string | number) {
    super(loc, start, end);
  }
}
