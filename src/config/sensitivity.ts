import type { Block, Expression } from '../hcl/ast.js';
import { collectReferences } from './references.js';

/**
 * Terraform's sensitivity, decided from references: a value is sensitive when its expression refers
 * to a `sensitive = true` variable, or to a local whose expression does (transitively), or calls
 * sensitive(...). Terraform marks values as they flow through expressions; an expression's result
 * carries the marks of every value it read, so "refers to a sensitive value" gives the same answer.
 * nonsensitive(...) removes the mark: what is inside it does not count.
 */
const SENSITIVE = Symbol('lvsplan.sensitive');

type Scope = Record<string | symbol, unknown>;

/** `vars` with the names ("var.x", "local.y") whose values are sensitive; spreads of it keep them. */
export function markSensitive<T extends object>(vars: T, names: ReadonlySet<string>): T {
  if (names.size > 0) Object.defineProperty(vars, SENSITIVE, { value: names, enumerable: true });
  return vars;
}

const NONE: ReadonlySet<string> = new Set<string>();

export function isSensitiveExpr(expr: Expression, vars: object): boolean {
  const names = ((vars as Scope)[SENSITIVE] as ReadonlySet<string> | undefined) ?? NONE;
  return readsSensitive(expr, names);
}

function readsSensitive(expr: Expression, names: ReadonlySet<string>): boolean {
  const read = whatItReads(expr);
  return read.marked || read.names.some((n) => names.has(n));
}

interface Reads {
  names: string[];
  marked: boolean;
}

/** By syntax node: an expression inside repetition is evaluated once per instance, and what it reads never changes. */
const readsOf = new WeakMap<Expression, Reads>();

/** The names ("var.x") an expression reads outside nonsensitive(...), and whether it calls sensitive(...). */
function whatItReads(expr: Expression): Reads {
  let read = readsOf.get(expr);
  if (read === undefined) {
    read = collectReads(expr);
    readsOf.set(expr, read);
  }
  return read;
}

function collectReads(expr: Expression): Reads {
  let marked = false;
  const refs = collectReferences(expr, (node) => {
    if (node.kind !== 'FunctionCall') return true;
    if (node.name === 'nonsensitive') return false;
    if (node.name === 'sensitive') marked = true;
    return true;
  });
  return { names: refs.filter((r) => r.name !== null).map((r) => `${r.root}.${r.name}`), marked };
}

/** "var.x" for each sensitive variable, and "local.y" for each local that reads a sensitive value. */
export function sensitiveNames(sensitiveVariables: readonly string[], localsBlocks: readonly Block[]): Set<string> {
  const names = new Set(sensitiveVariables.map((v) => `var.${v}`));
  const locals = localsBlocks.flatMap((b) => b.body.attributes).map((a) => ({ name: `local.${a.name}`, ...whatItReads(a.expr) }));
  for (let grew = true; grew; ) {
    grew = false;
    for (const l of locals) {
      if (!names.has(l.name) && (l.marked || l.names.some((n) => names.has(n)))) {
        names.add(l.name);
        grew = true;
      }
    }
  }
  return names;
}
