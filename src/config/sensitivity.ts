import type { Block, Expression } from '../hcl/ast.js';
import { collectReferences } from './references.js';

/**
 * Terraform's sensitivity, decided from references: a value is sensitive when its expression refers
 * to a `sensitive = true` variable, or to a local whose expression does (transitively). Terraform
 * marks values as they flow through expressions; an expression's result carries the marks of every
 * value it read, so "refers to a sensitive value" gives the same answer.
 */
const SENSITIVE = Symbol('lvsplan.sensitive');

type Scope = Record<string | symbol, unknown>;

/** `vars` with the names ("var.x", "local.y") whose values are sensitive; spreads of it keep them. */
export function markSensitive<T extends object>(vars: T, names: ReadonlySet<string>): T {
  if (names.size > 0) Object.defineProperty(vars, SENSITIVE, { value: names, enumerable: true });
  return vars;
}

export function isSensitiveExpr(expr: Expression, vars: object): boolean {
  const names = (vars as Scope)[SENSITIVE] as ReadonlySet<string> | undefined;
  if (!names) return false;
  return collectReferences(expr).some((r) => r.name !== null && names.has(`${r.root}.${r.name}`));
}

/** "var.x" for each sensitive variable, and "local.y" for each local that refers to a sensitive name. */
export function sensitiveNames(sensitiveVariables: readonly string[], localsBlocks: readonly Block[]): Set<string> {
  const names = new Set(sensitiveVariables.map((v) => `var.${v}`));
  if (names.size === 0) return names;
  const locals = localsBlocks.flatMap((b) => b.body.attributes).map((a) => ({ name: `local.${a.name}`, refs: collectReferences(a.expr).map((r) => `${r.root}.${r.name}`) }));
  for (let grew = true; grew; ) {
    grew = false;
    for (const l of locals) {
      if (!names.has(l.name) && l.refs.some((r) => names.has(r))) {
        names.add(l.name);
        grew = true;
      }
    }
  }
  return names;
}
