import { errorDiag, type Diagnostic } from '../diagnostic.js';
import type { Range } from '../range.js';
import type { Scope } from './context.js';

/** Roots that name a namespace, not a value: reached only through one of their attributes (var.NAME, local.NAME), as in Terraform. */
export const NAMESPACES: ReadonlySet<string> = new Set(['var', 'local']);

/** Whether `name` is a namespace here: bound by the configuration itself, not by an iterator of an enclosing for expression. */
export function isNamespace(name: string, scope: Scope): boolean {
  if (!NAMESPACES.has(name)) return false;
  let s: Scope = scope;
  while (!Object.prototype.hasOwnProperty.call(s.variables, name) && s.parent) s = s.parent;
  return s.parent === null;
}

/** `local` alone (`whole`) or `local[...]`: what Terraform says of a namespace used as a value. */
export function namespaceAccess(name: string, range: Range, whole: boolean): Diagnostic {
  const detail = whole
    ? `The ${JSON.stringify(name)} object cannot be accessed directly. Instead, access one of its attributes.`
    : `The ${JSON.stringify(name)} object does not support this operation. Access one of its attributes: ${name}.NAME.`;
  return errorDiag('Invalid reference', detail, range);
}
