import type { Expression } from '../hcl/ast.js';
import type { Range } from '../hcl/range.js';

export interface Reference {
  root: string;
  name: string | null;
  range: Range;
}

/**
 * Every `root.name` traversal inside an expression (a generic walk over the AST's child nodes).
 * `enter`, when given, sees each expression node first; false skips it and everything inside it.
 */
export function collectReferences(expr: Expression, enter?: (node: Expression) => boolean): Reference[] {
  const out: Reference[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    const o = node as Record<string, unknown>;
    if (enter && typeof o.kind === 'string' && !enter(o as unknown as Expression)) return;
    if (o.kind === 'ScopeTraversal') {
      const t = o.traversal as { kind: string; name?: string; range: Range }[];
      const second = t[1];
      const name = second && second.kind === 'Attr' ? second.name! : null;
      out.push({ root: t[0]!.name!, name, range: second ? { ...t[0]!.range, end: second.range.end } : t[0]!.range });
      return;
    }
    for (const [k, v] of Object.entries(o)) {
      if (k.endsWith('ange') || k === 'range') continue;
      walk(v);
    }
  };
  walk(expr);
  return out;
}
