import type { Block, Expression } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import { checkBody, schema } from './body-schema.js';
import { evalBool, evalStringList, type Vars } from './eval-attr.js';
import { at, type Located } from './located.js';

const LIFECYCLE = schema(['ignore_changes', 'prevent_destroy']);

export interface LifecycleDecl {
  range: Range;
  /** Attribute names, checked against the derived resource's attributes once it exists; 'all' ignores every one. */
  ignoreChanges: Located<string>[] | 'all';
  preventDestroy: boolean;
}

/** lifecycle { ignore_changes = [weight] prevent_destroy = true }, with Terraform's meaning. */
export function decodeLifecycle(blocks: readonly Block[], vars: Vars, diags: Diagnostic[]): LifecycleDecl | null {
  if (blocks.length === 0) return null;
  if (blocks.length > 1) diags.push(errorDiag('Duplicate lifecycle block', 'A block has at most one lifecycle block.', blocks[1]!.typeRange));
  const c = checkBody(blocks[0]!.body, LIFECYCLE, diags);
  const ic = c.attrs.get('ignore_changes');
  let ignoreChanges: LifecycleDecl['ignoreChanges'] = [];
  if (ic) ignoreChanges = bareNames(ic.expr) ?? evalStringList(ic, vars, diags) ?? [];
  return { range: blocks[0]!.typeRange, ignoreChanges, preventDestroy: evalBool(c.attrs.get('prevent_destroy'), vars, diags)?.v ?? false };
}

/** Terraform writes attribute references bare: [weight, upper_threshold], or the keyword all. */
function bareNames(expr: Expression): Located<string>[] | 'all' | null {
  const root = (e: Expression): string | null => (e.kind === 'ScopeTraversal' && e.traversal.length === 1 && e.traversal[0]!.kind === 'Root' ? e.traversal[0]!.name : null);
  if (root(expr) === 'all') return 'all';
  if (expr.kind !== 'TupleCons') return null;
  const names = expr.exprs.map((e) => { const n = root(e); return n === null ? null : at(n, e.range); });
  return names.length > 0 && names.every((n) => n !== null) ? (names as Located<string>[]) : null;
}

/** The lifecycle of a derived resource, its ignore_changes checked against the attributes it has. */
export function checkLifecycle(decl: LifecycleDecl, attributes: readonly string[], diags: Diagnostic[]): { ignoreChanges: string[]; preventDestroy: boolean } {
  if (decl.ignoreChanges === 'all') return { ignoreChanges: [...attributes], preventDestroy: decl.preventDestroy };
  const names: string[] = [];
  for (const n of decl.ignoreChanges) {
    if (attributes.includes(n.v)) names.push(n.v);
    else diags.push(errorDiag('Unsupported attribute in ignore_changes', `${JSON.stringify(n.v)} is not an attribute of this resource. It has: ${attributes.join(', ')}.`, n.r));
  }
  return { ignoreChanges: names, preventDestroy: decl.preventDestroy };
}
