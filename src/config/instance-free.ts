import type { Block } from '../hcl/ast.js';
import { collectReferences } from './references.js';

/**
 * Whether blocks read nothing of the instance they are in: no name but var.*, local.* and the iterators of the
 * dynamic blocks among them, none of which hides a name of `scope` (each, or an outer iterator). Functions are
 * pure, so such blocks decode to the same values in every instance of a repeated block around them.
 */
export function instanceFree(blocks: readonly Block[], scope: object): boolean {
  const roots = new Set<string>();
  const iterators = new Set<string>();
  const visit = (b: Block): void => {
    if (b.type === 'dynamic') iterators.add(iteratorName(b));
    for (const a of b.body.attributes) for (const r of collectReferences(a.expr)) roots.add(r.root);
    for (const inner of b.body.blocks) visit(inner);
  };
  for (const b of blocks) visit(b);
  for (const it of iterators) if (Object.hasOwn(scope, it)) return false;
  for (const r of roots) if (r !== 'var' && r !== 'local' && !iterators.has(r)) return false;
  return true;
}

/** The name a dynamic block binds: its iterator = name, else its label (a bad iterator is diagnosed where it is decoded). */
function iteratorName(b: Block): string {
  const it = b.body.attributes.find((a) => a.name === 'iterator');
  const t = it?.expr.kind === 'ScopeTraversal' && it.expr.traversal.length === 1 ? it.expr.traversal[0]! : null;
  return t?.kind === 'Root' ? t.name : b.labels[0]?.value ?? '';
}
