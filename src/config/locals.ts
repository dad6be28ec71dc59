import type { Attribute, Block } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { FAILED } from '../hcl/eval/context.js';
import type { HclObject } from '../hcl/value.js';
import { evalExpr } from './eval-attr.js';
import { collectReferences } from './references.js';

/** Evaluates every locals {} attribute, each after the locals it refers to; reports cycles. A failed local holds FAILED. */
export function evaluateLocals(blocks: Block[], vars: HclObject, diags: Diagnostic[]): HclObject {
  const attrs = new Map<string, Attribute>();
  for (const b of blocks) {
    for (const blk of b.body.blocks) diags.push(errorDiag('Unsupported block type', 'A locals block holds only arguments (name = expression).', blk.typeRange));
    for (const a of b.body.attributes) {
      if (attrs.has(a.name)) diags.push(errorDiag('Duplicate local value definition', `A local value named ${JSON.stringify(a.name)} was already defined. Local value names must be unique.`, a.nameRange));
      else attrs.set(a.name, a);
    }
  }
  const locals: HclObject = Object.create(null) as HclObject;
  const state = new Map<string, 'busy' | 'done'>();
  // Declared, its error already reported: the evaluator stops at a use of it and reports nothing more (Terraform's unknown value).
  const failed = (name: string): void => {
    (locals as Record<string, unknown>)[name] = FAILED;
  };
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    const a = attrs.get(name)!;
    if (state.get(name) === 'busy') {
      diags.push(errorDiag('Cycle in local values', `The local value ${JSON.stringify(name)} depends on itself through other local values. Break the cycle.`, a.nameRange));
      failed(name);
      state.set(name, 'done');
      return;
    }
    state.set(name, 'busy');
    for (const ref of collectReferences(a.expr)) if (ref.root === 'local' && ref.name !== null && attrs.has(ref.name)) visit(ref.name);
    if (state.get(name) === 'done') return;
    const v = evalExpr(a.expr, { var: vars, local: locals }, diags);
    if (v !== undefined) locals[name] = v;
    else failed(name);
    state.set(name, 'done');
  };
  for (const name of attrs.keys()) visit(name);
  return locals;
}
